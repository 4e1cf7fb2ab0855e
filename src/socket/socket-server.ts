import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { LiveConfig } from '../config/live-config';
import type { PushRouter } from '../feeds/feed-runner';
import type { Hub } from '../hub/hub';
import type { Metrics } from '../metrics/metrics';
import { EVENTS } from '../protocol';
import { createAdmission } from './admission';
import { gateEvents } from './event-gate';
import { startFanOut } from './fan-out';
import { jsonOnlyParser } from './json-only-parser';
import { attachPublish } from './publish';
import { topicOfRoom } from './rooms';
import { watchSlowViewers } from './slow-viewers';
import { createSubscriptionSets } from './subscription-sets';
import { createPatternSubscriptions } from './pattern-subscriptions';
import { attachSubscriptions } from './subscriptions';
import { joinNewTopics } from './topic-joins';
import type { LivewallServer } from './types';
import { requireViewerTokens } from './viewer-auth';

/**
 * The largest message a client may send. Livewall's biggest, a `publish` of 1,000 samples,
 * fits; a larger one is refused by engine.io before any parsing, and the connection closed.
 */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
/**
 * Heartbeat: a wall behind a dead link (a pulled cable, a sleeping NAT) notices within
 * 15 s instead of Socket.IO's default 45 s, and shows "reconnecting".
 */
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;

export interface SocketServerOptions {
  hub: Hub;
  config: LiveConfig;
  /** Where pushes go. */
  push: PushRouter;
  metrics: Metrics;
  build: string;
  log: Logger;
}

export interface SocketServer {
  readonly io: LivewallServer;
  /** Tells every client why it is about to be disconnected. */
  goingAway(reason: string): void;
  /** Stops fan-out and the slow-viewer watch. */
  stop(): void;
}

/**
 * Socket.IO as Livewall runs it: a JSON-only parser and a small payload cap; sessions admitted
 * by origin and connection caps; viewer tokens when configured; a rate on every socket's
 * events; subscriptions by name and glob, pushes, batched fan-out, and slow viewers passed over.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): SocketServer {
  const { hub, config, push, metrics, build, log } = options;
  const limits = () => config.current.server.limits;
  const admission = createAdmission({ limits, allowedOrigins: () => config.current.server.allowedOrigins });
  const io: LivewallServer = new Server(httpServer, {
    serveClient: false,
    parser: jsonOnlyParser,
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    allowRequest: admission.allowRequest,
  });
  io.engine.on('connection', (rawSocket: { request: unknown; remoteAddress: string; once(event: 'close', listener: () => void): void }) => {
    admission.admitted(rawSocket.remoteAddress, (listener) => rawSocket.once('close', listener));
    // Each session keeps its first HTTP request (headers, socket, parser state) only for middleware
    // such as express-session, which Livewall has none of: letting it go saves memory per viewer.
    rawSocket.request = null;
  });
  requireViewerTokens(io, () => config.current);

  const sets = createSubscriptionSets();
  const fanOut = startFanOut(io, hub, sets, {
    delivered: (count) => metrics.samplesDelivered.inc(count),
    dropped: (count) => metrics.samplesDropped.inc(count),
  });
  const patterns = createPatternSubscriptions();
  const stopJoining = joinNewTopics(hub, fanOut, sets, patterns, limits, log);
  const slowViewers = watchSlowViewers(io, limits);
  metrics.observe({
    connections: () => admission.connections,
    *subscribers() {
      for (const [room, members] of io.of('/').adapter.rooms) {
        const topic = topicOfRoom(room);
        if (topic !== undefined) yield [topic, members.size];
      }
    },
    slowViewers: () => slowViewers.count,
  });

  io.on('connection', (socket) => {
    gateEvents(socket, limits());
    socket.emit(EVENTS.hello, { build, epoch: hub.epoch, now: Date.now(), config: config.state });
    attachSubscriptions(socket, hub, fanOut, sets, patterns, limits, log);
    attachPublish(socket, push, log);
  });

  return {
    io,
    // Local: in a cluster, only this node's viewers are about to lose their server.
    goingAway: (reason) => void io.local.emit(EVENTS.goingAway, { reason }),
    stop() {
      stopJoining();
      fanOut.stop();
      slowViewers.stop();
    },
  };
}
