/**
 * The server's clock, as seen from a browser whose own clock may be wrong.
 *
 * A TV's clock is often minutes off. Samples carry the server's timestamps, so a
 * wall that trims its charts by its own clock would show them shifted, or empty
 * once the error passes the time window. Every server timestamp that arrives says
 * "the server's clock read at least this when it was sent": `serverTs - arrival`
 * is the offset minus the network delay. The largest of the recent ones is the
 * best estimate; keeping only recent ones lets a corrected clock be followed.
 */
export interface ServerClock {
  /** Now, on the server's clock. */
  now(): number;
  /** Records a server timestamp that has just arrived. */
  observe(serverTs: number): void;
  /** Server minus browser, in ms; 0 until something is observed. */
  readonly offsetMs: number;
}

/** How many recent observations the estimate is taken from. */
export const CLOCK_WINDOW = 64;

export function createServerClock(localNow: () => number = Date.now, window: number = CLOCK_WINDOW): ServerClock {
  const estimates: number[] = [];
  let next = 0;
  let offset = 0;

  return {
    now: () => localNow() + offset,
    observe(serverTs) {
      if (!Number.isFinite(serverTs)) return;
      const estimate = serverTs - localNow();
      if (estimates.length < window) estimates.push(estimate);
      else estimates[next] = estimate;
      next = (next + 1) % window;
      offset = Math.max(...estimates);
    },
    get offsetMs() {
      return offset;
    },
  };
}
