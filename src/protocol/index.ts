/**
 * The wire contract between server and browser: event names, payload types and limits.
 * No Node imports here, so `web/` bundles it as is.
 */
export * from './ack-codes';
export * from './events';
export * from './http';
export * from './limits';
export * from './sample';
export * from './topic';
