/**
 * The wire contract between server and browser: event names, payload types, error codes and limits.
 * No Node imports, and nothing from `config/` or `feeds/`: `web/` and `livewall-client` bundle it as is.
 * Relative imports carry `.js`, so the client's emitted types resolve under `nodenext` too.
 */
export * from './dashboard.js';
export * from './error-codes.js';
export * from './events.js';
export * from './history.js';
export * from './http.js';
export * from './limits.js';
export * from './push.js';
export * from './sample.js';
export * from './topic.js';
export * from './topic-glob.js';
