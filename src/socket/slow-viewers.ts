import type { Limits } from '../config/schema';
import { connectionKey, kernelSendQueues } from './kernel-send-queues';
import { SLOW_ROOM } from './rooms';
import type { LivewallServer, LivewallSocket } from './types';

/** Over this many packets waiting in engine.io's buffer (a long-polling viewer that stopped polling), a viewer is slow. */
export const SLOW_QUEUED_PACKETS = 64;
/** How often every connection's backlog is looked at: cheap (a few field reads per socket), and soon enough. */
const CHECK_EVERY_MS = 1_000;

export type SlowViewerLimits = Pick<Limits, 'maxViewerBacklogBytes' | 'slowViewerGraceMs'>;

/**
 * What a connection has accepted but not yet delivered: engine.io's write buffer (a long-polling
 * client that stopped polling), the WebSocket's unsent bytes, and what the kernel still holds in
 * the TCP send queue (a viewer that stopped reading fills that first, megabytes of it). The
 * first two are internals, read through this narrow view, typed as engine.io and ws really hold them.
 * @param kernelQueues from `kernelSendQueues`, for the third
 */
export function backlogOf(socket: LivewallSocket, kernelQueues?: ReadonlyMap<string, number>): { packets: number; bytes: number } {
  const connection = socket.conn as unknown as {
    writeBuffer?: readonly unknown[];
    transport?: { socket?: { bufferedAmount?: unknown; _socket?: { remoteAddress?: string; remotePort?: number } } };
  };
  const ws = connection.transport?.socket;
  const buffered = typeof ws?.bufferedAmount === 'number' ? ws.bufferedAmount : 0;
  const tcp = ws?._socket;
  const queued = kernelQueues && tcp?.remoteAddress && tcp.remotePort ? (kernelQueues.get(connectionKey(tcp.remoteAddress, tcp.remotePort)) ?? 0) : 0;
  return { packets: connection.writeBuffer?.length ?? 0, bytes: buffered + queued };
}

export interface SlowViewers {
  /** Viewers passed over now. */
  readonly count: number;
  stop(): void;
}

/**
 * Keeps a viewer that cannot keep up from holding the server's memory: once its backlog passes
 * its bound it joins the slow room, which sample batches skip (the samples it misses are
 * counted as dropped), and it leaves once it has drained. It then sees a jump in `seq` and asks
 * for what it missed with `since` (livewall-client does). One that stays slow for
 * `slowViewerGraceMs` is disconnected, which frees what the kernel holds for it too.
 */
export function watchSlowViewers(
  io: LivewallServer,
  limits: () => SlowViewerLimits,
  { queuedPackets = SLOW_QUEUED_PACKETS, now = Date.now }: { queuedPackets?: number; now?: () => number } = {},
): SlowViewers {
  const slowSince = new Map<string, number>();
  const timer = setInterval(() => {
    const sockets = io.of('/').sockets;
    if (sockets.size === 0) return;
    const { maxViewerBacklogBytes, slowViewerGraceMs } = limits();
    const t = now();
    const address = io.httpServer.address();
    const queues = address !== null && typeof address === 'object' ? kernelSendQueues(address.port) : undefined;
    for (const socket of sockets.values()) {
      const { packets, bytes } = backlogOf(socket, queues);
      const since = slowSince.get(socket.id);
      if (since === undefined) {
        if (packets <= queuedPackets && bytes <= maxViewerBacklogBytes) continue;
        slowSince.set(socket.id, t);
        void socket.join(SLOW_ROOM);
      } else if (packets === 0 && bytes === 0) {
        slowSince.delete(socket.id);
        void socket.leave(SLOW_ROOM);
      } else if (t - since >= slowViewerGraceMs) {
        slowSince.delete(socket.id);
        socket.disconnect(true);
      }
    }
    // Sockets that went away while slow.
    for (const id of slowSince.keys()) if (!sockets.has(id)) slowSince.delete(id);
  }, CHECK_EVERY_MS);
  timer.unref();
  return {
    get count() {
      return slowSince.size;
    },
    stop: () => clearInterval(timer),
  };
}
