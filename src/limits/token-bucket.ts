/**
 * A token bucket: `perSec` tokens a second, holding at most `burst`, so a pusher may send
 * a burst (a gateway's backlog after an outage, a wall subscribing at start) and then its steady rate.
 */
export interface TokenBucket {
  /** Takes `count` tokens if there are that many and returns 0; else takes none and returns how long to wait (ms). */
  take(count: number, now: number): number;
}

export function createTokenBucket(perSec: number, burst: number): TokenBucket {
  let tokens = burst;
  let updated: number | undefined;
  return {
    take(count, now) {
      tokens = Math.min(burst, tokens + (Math.max(0, now - (updated ?? now)) / 1000) * perSec);
      updated = now;
      if (count <= tokens) {
        tokens -= count;
        return 0;
      }
      return Math.ceil(((count - tokens) / perSec) * 1000);
    },
  };
}
