import path from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, parseConfig } from '../../src/config/load';
import type { ConfigInput } from '../../src/config/schema';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/protocol';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  app: App;
  url: string;
  port: number;
  /** A real socket.io-client socket, closed by `close()`. */
  connect(): Promise<TestSocket>;
  close(): Promise<void>;
}

/** The built wall display, for tests that load pages. */
export const WEB_ROOT = path.resolve('dist/web');

type StartOptions = Partial<Omit<AppOptions, 'config'>> & { port?: number };

/**
 * Starts a real server on a free port of 127.0.0.1 with the given config. Storage is off unless
 * the config says otherwise: test files run in parallel and must not share ./data/livewall.db.
 */
export async function startServer(config: ConfigInput, options: StartOptions = {}): Promise<TestServer> {
  return startApp(createApp({ config: parseConfig({ storage: false, ...config }), log: pino({ level: 'silent' }), ...options }), options);
}

/** Starts a real server from a config file that it watches and reloads, as `livewall serve` does. */
export async function startServerFromFile(file: string, options: StartOptions = {}): Promise<TestServer> {
  const config = await loadConfig(file);
  return startApp(createApp({ config, configFile: file, watchConfig: true, log: pino({ level: 'silent' }), ...options }), options);
}

async function startApp(app: App, options: StartOptions): Promise<TestServer> {
  const url = await app.listen(options.port ?? 0, '127.0.0.1');
  const sockets: TestSocket[] = [];
  return {
    app,
    url,
    port: Number(new URL(url).port),
    async connect() {
      const socket: TestSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      await waitFor(socket, 'connect');
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
    },
  };
}

interface Emitter {
  once(event: string, listener: (...args: never[]) => void): unknown;
}

/** Resolves with the first payload of `event`, or rejects after `timeoutMs`. */
export function waitFor<T = unknown>(emitter: Emitter, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${event}"`)), timeoutMs);
    emitter.once(event, ((value: T) => {
      clearTimeout(timer);
      resolve(value);
    }) as (...args: never[]) => void);
  });
}

/** Polls `check` (which may be async) until it gives a value other than undefined, or rejects after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
