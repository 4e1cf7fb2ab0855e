/** One failed connection or connection attempt, as an outage so far. */
export interface FailedAttempt {
  /** Attempts failed in a row, this one included. */
  failures: number;
  /** The client's error for this attempt; none when a connection just closed. */
  reason: Error | undefined;
  /** Whether this attempt began the outage: the one to log. */
  first: boolean;
}

/**
 * The bookkeeping of broker outages. mqtt.js reports an attempt's error before its close, and
 * retries on its own, so an outage is the run of closes between two connects.
 */
export interface OutageTracker {
  /** The client reported an error: the reason of the attempt that closes next. */
  error(err: Error): void;
  /** A connection, or an attempt to make one, ended. */
  closed(): FailedAttempt;
  /** The client connected: how many attempts had failed in a row before, 0 when none. */
  connected(): number;
}

/** A tracker with no outage yet. */
export function createOutageTracker(): OutageTracker {
  let failures = 0;
  let reason: Error | undefined;
  return {
    error(err) {
      reason = err;
    },
    closed() {
      failures += 1;
      const attempt = { failures, reason, first: failures === 1 };
      reason = undefined;
      return attempt;
    },
    connected() {
      const before = failures;
      failures = 0;
      reason = undefined;
      return before;
    },
  };
}
