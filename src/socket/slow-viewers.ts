import { SLOW_ROOM } from './rooms';
import type { LivewallServer, LivewallSocket } from './types';

/** Over either, a viewer is slow: batches skip it until it has drained. */
export const SLOW_QUEUED_PACKETS = 64;
export const SLOW_BUFFERED_BYTES = 1024 * 1024;
/** How often every connection's backlog is looked at: cheap (a few field reads per socket), and soon enough. */
const CHECK_EVERY_MS = 1_000;

/**
 * What a connection has accepted but not yet sent: engine.io's write buffer (a long-polling
 * client that stopped polling) and the WebSocket's unsent bytes (a viewer that stopped reading).
 * Both are internals, read through this narrow view, typed as engine.io and ws really hold them.
 */
export function backlogOf(socket: LivewallSocket): { packets: number; bytes: number } {
  const connection = socket.conn as unknown as { writeBuffer?: readonly unknown[]; transport?: { socket?: { bufferedAmount?: unknown } } };
  const bytes = connection.transport?.socket?.bufferedAmount;
  return { packets: connection.writeBuffer?.length ?? 0, bytes: typeof bytes === 'number' ? bytes : 0 };
}

/**
 * Keeps a viewer that cannot keep up from holding the server's memory: once its backlog passes
 * a bound it joins the slow room, which sample batches skip, and it leaves once it has drained.
 * It then sees a jump in `seq` and asks for what it missed with `since` (livewall-client does).
 * @returns a function that stops watching
 */
export function watchSlowViewers(io: LivewallServer, limits = { packets: SLOW_QUEUED_PACKETS, bytes: SLOW_BUFFERED_BYTES }): () => void {
  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const { packets, bytes } = backlogOf(socket);
      const slow = socket.rooms.has(SLOW_ROOM);
      if (!slow && (packets > limits.packets || bytes > limits.bytes)) void socket.join(SLOW_ROOM);
      else if (slow && packets === 0 && bytes === 0) void socket.leave(SLOW_ROOM);
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
