import type { Limits } from '../config/schema';
import { createTokenBucket } from '../limits/token-bucket';
import { ERROR_CODES } from '../protocol';
import type { LivewallSocket } from './types';

/** A client refused this many times in a row, without one request getting through, is not a wall: it is cut off. */
export const REFUSALS_BEFORE_DISCONNECT = 100;

/**
 * Bounds the events one socket may send: `maxEventsPerSecond`, after a burst of twice that (a
 * wall subscribing to its topics at start). Every event counts, those without a handler too,
 * since each costs a parse. An event over the rate is not handled; its ack, if it has one,
 * says `LIVEWALL_ERR_RATE_LIMITED`.
 */
export function gateEvents(socket: LivewallSocket, limits: Pick<Limits, 'maxEventsPerSecond'>): void {
  const bucket = createTokenBucket(limits.maxEventsPerSecond, limits.maxEventsPerSecond * 2);
  let refusedInARow = 0;
  socket.use((packet, next) => {
    const waitMs = bucket.take(1, Date.now());
    if (waitMs === 0) {
      refusedInARow = 0;
      next();
      return;
    }
    refusedInARow += 1;
    const ack = packet.at(-1);
    if (typeof ack === 'function') {
      (ack as (response: unknown) => void)({ ok: false, code: ERROR_CODES.RATE_LIMITED, message: `over ${limits.maxEventsPerSecond} requests a second; try again in ${waitMs} ms` });
    }
    if (refusedInARow >= REFUSALS_BEFORE_DISCONNECT) socket.disconnect(true);
  });
}
