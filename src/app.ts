import { createServer, type Server as HttpServer } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { joinCluster, type ClusterNode } from './cluster/cluster';
import { perHostView } from './cluster/host-topics';
import { defaultNodeId } from './cluster/node-id';
import { nodeStorage } from './cluster/node-storage';
import { createLiveConfig, type LiveConfig, type ReloadResult } from './config/live-config';
import type { Config } from './config/schema';
import { watchConfigFile } from './config/watch';
import { createFeedRunner, type FeedRunner, type FeedSet, type PushRouter } from './feeds/feed-runner';
import { createSystemInfo } from './feeds/system/create-system-info';
import type { SystemInfo } from './feeds/system/system-info';
import { createHttpApp } from './http/create-http-app';
import { Hub } from './hub/hub';
import { createMetrics, type Metrics } from './metrics/metrics';
import { EVENTS, isTopicGlob, panelTopicEntries } from './protocol';
import { createSocketServer } from './socket/socket-server';
import type { Readiness, StorageHealth } from './http/ready-route';
import { openStore, type StorageState } from './store/open-store';
import type { LivewallServer } from './socket/types';
import { echoName } from './validation/echo-name';

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
  /** In a cluster, this node's id when the config names none; else host name and pid. */
  nodeId?: string;
  /** Which worker of `serve --workers` this process is (0, 1, …). */
  worker?: number;
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
  /** This node of a cluster, when the config has a `cluster` section. */
  readonly cluster: ClusterNode | undefined;
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
    // Names only: a glob's topics are the feed's own business, found as they appear.
    dashboardTopics: new Set(config.dashboards.flatMap((dashboard) => dashboard.panels.flatMap(panelTopicEntries)).filter((entry) => !isTopicGlob(entry))),
  };
}

/** Wires config → feeds → hub → Socket.IO rooms and HTTP. Nothing runs until `listen`. */
export function createApp(options: AppOptions): App {
  const { log } = options;
  const clustered = options.config.cluster;
  // Workers of one `serve --workers` share the config's nodeId: each adds its number to it.
  const workerSuffix = options.worker === undefined ? '' : `-w${options.worker}`;
  const nodeId = clustered ? (clustered.nodeId === undefined ? (options.nodeId ?? defaultNodeId()) : `${clustered.nodeId}${workerSuffix}`) : undefined;
  // A cluster node runs per-host feeds under its machine's topics (hosts.<hostId>.…): the config it
  // runs says so. The workers of one `serve --workers` are one machine: they share its id (the
  // config's nodeId, else the primary's), and one of them at a time polls it.
  const hostId = clustered && options.worker !== undefined ? (clustered.nodeId ?? defaultNodeId(hostname(), process.ppid)) : nodeId;
  const config = createLiveConfig(options.config, options.configFile, undefined, hostId ? (loaded) => perHostView(loaded, hostId) : undefined);
  const metrics = createMetrics();
  const nodeStore = nodeId ? nodeStorage(options.config.storage, nodeId, (clustered?.nodeId ?? options.nodeId) !== undefined) : undefined;
  if (nodeStore?.reason) log.warn(nodeStore.reason);
  const { store, state: storage } = openStore(nodeStore ? nodeStore.storage : options.config.storage, log);
  // In a cluster, seqs come from the cluster (Redis), not from reservations in this node's store.
  const hub = new Hub({ ...(store ? { store } : {}), reserveSeqs: !clustered });
  hub.on('sample', (sample, origin) => {
    if (origin === 'local') metrics.samplesPublished.inc({ topic: sample.topic });
  });
  let node: ClusterNode | undefined;
  const feeds = createFeedRunner(feedSetOf(config.current), hub, { systemInfo: options.systemInfo ?? createSystemInfo() }, log, {
    metrics,
    runs: (feed) => node?.runs(feed) ?? true,
  });
  const push: PushRouter = async (topic, token, samples) => {
    const answer = await (node ? node.push(topic, token, samples) : feeds.push(topic, token, samples));
    // Debug only: a pusher with a wrong token could fill the log at warn.
    if (!answer.ok) log.debug({ topic: echoName(topic), code: answer.code, reason: answer.message }, 'push refused');
    return answer;
  };
  const build = options.build ?? 'dev';
  let state: 'created' | 'listening' | 'closing' = 'created';
  const storageHealth = (): StorageHealth => ({ ...storage, ...(store ? { writes: store.health() } : {}) });
  const ready = (): Readiness => ({
    ...(state === 'listening' ? { ready: true } : { ready: false, reason: state === 'closing' ? 'shutting down' : 'starting' }),
    storage: storageHealth(),
    ...(node ? { cluster: node.health() } : {}),
  });
  const httpApp = createHttpApp({ hub, config, push, metrics, ready, log, build, ...(options.webRoot ? { webRoot: options.webRoot } : {}) });
  const httpServer = createServer(httpApp);
  const sockets = createSocketServer(httpServer, { hub, config, push, metrics, build, log });
  metrics.observeStorage(() => store?.health());
  const { io } = sockets;
  if (clustered && nodeId) node = joinCluster({ cluster: clustered, nodeId, sharesHost: options.worker !== undefined, io, hub, feeds, config, log });
  metrics.observeCluster(() => (node ? { redisUp: node.health().redis.up, leasesHeld: node.health().leases.length } : undefined));
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
      node?.feedsChanged();
      log.level = next.server.logLevel;
      for (const key of ['host', 'port'] as const) {
        if (next.server[key] !== previous.server[key]) log.warn({ [key]: next.server[key] }, `server.${key} changes on the next restart`);
      }
      if (JSON.stringify(next.storage) !== JSON.stringify(previous.storage)) log.warn('storage changes on the next restart');
      if (JSON.stringify(next.cluster) !== JSON.stringify(previous.cluster)) log.warn('cluster changes on the next restart');
      log.info({ file: config.file, version: configState.version, added, removed, restarted }, 'config reloaded');
    }
    // Local: each node reloads its own file, and tells its own viewers.
    io.local.emit(EVENTS.configChanged, configState);
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
    cluster: node,
    async listen(port, host) {
      // Viewers get the cluster's epoch and history from their first subscribe.
      await node?.join();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      feeds.start();
      node?.startLeases();
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
        // After the feeds stopped, so no feed runs on two nodes: another node takes them over at once.
        await node?.leave();
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
