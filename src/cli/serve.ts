import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { createApp } from '../app';
import { loadConfig } from '../config/load';
import { createLogger } from './logger';
import { WORKER_LISTENING, type WorkerListening } from './worker-messages';

export interface ServeOptions {
  config: string;
  port?: number;
  host?: string;
  /** Reload when the config file changes on disk (default true); SIGHUP reloads either way. */
  watch?: boolean;
  webRoot: string;
  /** Set in a worker of `serve --workers`: its number, and the primary prints the URL. */
  worker?: number;
}

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 2_000;

/**
 * `livewall serve`: loads the config, starts the server and prints the URL.
 * Port: `--port`, else `PORT`, else the config's `server.port`.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const config = await loadConfig(options.config);
  const log = createLogger(config.server.logLevel);
  const envPort = process.env.PORT === undefined || process.env.PORT === '' ? undefined : parsePort(process.env.PORT, 'PORT');
  const port = options.port ?? envPort ?? config.server.port;
  const host = options.host ?? config.server.host;
  const app = createApp({
    config,
    log,
    configFile: options.config,
    watchConfig: options.watch ?? true,
    webRoot: options.webRoot,
    build: readBuildId(options.webRoot),
    ...(options.worker === undefined ? {} : { worker: options.worker }),
  });
  const url = await app.listen(port, host);
  if (options.worker === undefined) process.stdout.write(`Livewall is serving ${url} (config: ${options.config})\n`);
  else process.send?.({ type: WORKER_LISTENING, url } satisfies WorkerListening);
  const { storage } = app;
  if ('error' in storage) {
    process.stderr.write(`livewall: ${storage.code}: the history store ${storage.path} cannot be used (${storage.error}); history is kept in memory only, and lost at the next restart\n`);
  }
  log.info({ url, topics: app.hub.list().length }, 'listening');

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      // A second signal means "now": whoever sent it does not want to wait for the clean close.
      process.stderr.write(`livewall: ${signal} again while shutting down; exiting at once\n`);
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    // Whatever the clients do, exit within the time a supervisor waits (close() itself cuts after a second).
    setTimeout(() => {
      process.stderr.write('livewall: shutdown took over 2 s; exiting\n');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    void app.close().then(() => log.flush(() => process.exit(0)));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGHUP', () => {
    log.info({ file: options.config }, 'SIGHUP: reloading the config');
    void app.reloadConfig();
  });
  // A stray rejection from a library must not take every wall in the office down with it.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

/** Commander's parser for `--port` and the check of `PORT`. */
export function parsePort(value: string, name = '--port'): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new Error(`${name} must be a whole number from 0 to 65535, got "${value}"`);
  return port;
}

/** The build id written by `npm run build`, so open walls can tell a deploy happened. */
function readBuildId(webRoot: string): string {
  try {
    const { id } = JSON.parse(readFileSync(`${webRoot}/build.json`, 'utf8')) as { id?: unknown };
    return typeof id === 'string' ? id : 'dev';
  } catch {
    return 'dev';
  }
}
