import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { createLiveConfig, type LiveConfig, type ReloadResult } from './config/live-config';
import type { Config } from './config/schema';
import { watchConfigFile } from './config/watch';
import { createFeedRunner, type FeedRunner, type FeedSet } from './feeds/feed-runner';
import { createSystemInfo, type SystemInfo } from './feeds/system/system-info';
import { createHttpApp } from './http/create-http-app';
import { Hub } from './hub/hub';
import { createMetrics, type Metrics } from './metrics/metrics';
import { EVENTS } from './protocol';
import { createSocketServer } from './socket/socket-server';
import type { Readiness, StorageHealth } from './http/ready-route';
import { openStore, type StorageState } from './store/open-store';
import type { LivewallServer } from './socket/types';

/** On close, connections still open after this (a peer that never finishes a WebSocket close) are cut. */
const SHUTDOWN_GRACE_MS = 1_000;

export interface AppOptions {
  config: Config;
  log: Logger;
  /** The file `config` came from: `reloadConfig()` reads it again. */
  configFile?: string;
  /** Reload by itself when `configFile` changes on disk. */
  watchConfig?: boolean;
  /** Where system stats come from; the real machine by default. */
  systemInfo?: SystemInfo;
  /** The built wall display to serve at `/`. */
  webRoot?: string;
  /** Identifies the running build, so open walls can reload after a deploy. */
  build?: string;
}

export interface App {
  readonly hub: Hub;
  readonly io: LivewallServer;
  readonly httpServer: HttpServer;
  readonly config: LiveConfig;
  readonly feeds: FeedRunner;
  readonly metrics: Metrics;
  /** Where history is kept, and why it is in memory when a file was configured. */
  readonly storage: StorageState;
  /** Starts the feeds and listens; resolves the URL actually bound (port 0 picks a free one). */
  listen(port: number, host: string): Promise<string>;
  /**
   * Reads the config file again and applies what changed; a file with problems changes
   * nothing but the reported state. SIGHUP and the file watch call it.
   */
  reloadConfig(): Promise<ReloadResult>;
  /**
   * Stops taking connections, tells clients it is going away, stops feeds, closes every client's
   * transport (so clients reconnect once a server is back) and closes the server, within about a
   * second whatever the clients do. Safe to call twice, and before `listen`.
   */
  close(): Promise<void>;
}

/** What the feed runner needs from a config. */
function feedSetOf(config: Config): FeedSet {
  return {
    feeds: config.feeds,
    history: config.server.history,
    dashboardTopics: new Set(config.dashboards.flatMap((dashboard) => dashboard.panels.map((panel) => panel.topic))),
  };
}

/** Wires config → feeds → hub → Socket.IO rooms and HTTP. Nothing runs until `listen`. */
export function createApp(options: AppOptions): App {
  const { log } = options;
  const config = createLiveConfig(options.config, options.configFile);
  const metrics = createMetrics();
  const { store, state: storage } = openStore(options.config.storage, log);
  const hub = new Hub(store ? { store } : {});
  hub.on('sample', (sample) => metrics.samplesPublished.inc({ topic: sample.topic }));
  const feeds = createFeedRunner(feedSetOf(options.config), hub, { systemInfo: options.systemInfo ?? createSystemInfo() }, log, metrics);
  const build = options.build ?? 'dev';
  let state: 'created' | 'listening' | 'closing' = 'created';
  const storageHealth = (): StorageHealth => ({ ...storage, ...(store ? { writes: store.health() } : {}) });
  const ready = (): Readiness => ({
    ...(state === 'listening' ? { ready: true } : { ready: false, reason: state === 'closing' ? 'shutting down' : 'starting' }),
    storage: storageHealth(),
  });
  const httpApp = createHttpApp({ hub, config, feeds, metrics, ready, log, build, ...(options.webRoot ? { webRoot: options.webRoot } : {}) });
  const httpServer = createServer(httpApp);
  const sockets = createSocketServer(httpServer, { hub, config, feeds, metrics, build, log });
  metrics.observeStorage(() => store?.health());
  const { io } = sockets;
  // Upgraded (WebSocket) connections leave the HTTP server's own bookkeeping, so keep count here.
  const connections = new Set<Duplex>();
  httpServer.on('connection', (connection: Duplex) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  config.onChange((configState, next, previous) => {
    if (!configState.ok) {
      log.error({ file: config.file, problems: configState.problems }, 'config file has problems; still running the last good config');
    } else if (next !== previous) {
      const { added, removed, restarted } = feeds.apply(feedSetOf(next));
      log.level = next.server.logLevel;
      for (const key of ['host', 'port'] as const) {
        if (next.server[key] !== previous.server[key]) log.warn({ [key]: next.server[key] }, `server.${key} changes on the next restart`);
      }
      if (JSON.stringify(next.storage) !== JSON.stringify(previous.storage)) log.warn('storage changes on the next restart');
      log.info({ file: config.file, version: configState.version, added, removed, restarted }, 'config reloaded');
    }
    io.emit(EVENTS.configChanged, configState);
  });

  let stopWatching: (() => Promise<void>) | undefined;
  let closing: Promise<void> | undefined;
  const reloadConfig = (): Promise<ReloadResult> => config.reload();

  return {
    hub,
    io,
    httpServer,
    config,
    feeds,
    metrics,
    storage,
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      feeds.start();
      if (options.watchConfig && options.configFile && !closing) {
        stopWatching = await watchConfigFile(options.configFile, () => void reloadConfig(), log);
      }
      if (!closing) state = 'listening';
      const address = httpServer.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    reloadConfig,
    close() {
      closing ??= (async () => {
        state = 'closing';
        sockets.goingAway('the server is shutting down');
        await stopWatching?.();
        feeds.stop();
        sockets.stop();
        store?.close();
        await new Promise<void>((resolve) => {
          const cut = setTimeout(() => connections.forEach((connection) => connection.destroy()), SHUTDOWN_GRACE_MS);
          // Transports, not Socket.IO sessions: a client sees "transport close" and reconnects, where "io server
          // disconnect" ends it for good. Before closeAllConnections, so a pending long-poll gets a close packet, not a cut.
          io.engine.close();
          // io.close() also closes the HTTP server; before `listen` that reports "not running", which is fine here.
          void io.close(() => {
            clearTimeout(cut);
            resolve();
          });
          httpServer.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
