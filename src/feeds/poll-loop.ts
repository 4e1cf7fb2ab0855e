import type { Logger } from 'pino';
import { ERROR_CODES, LivewallError } from '../errors';
import type { SampleValues } from '../protocol';
import type { PollContext, Poller } from './feed';
import { atGridTime } from './grid-timer';

export interface PollLoopOptions {
  poller: Poller;
  intervalMs: number;
  timeoutMs: number;
  /** Longest wait between retries while the feed keeps failing. */
  maxBackoffMs?: number;
  /** Called with each successful reading. A throw counts as a failed poll. */
  onReading(values: SampleValues, ts: number): void;
  /** Called after each failed poll, with the count of consecutive failures. A throw is logged, and the loop goes on. */
  onFailure(error: Error, failures: number): void;
  /** Called after every poll with how long it took, success or not. */
  onPolled?(durationMs: number): void;
  /** Where a throwing `onFailure` is reported, since it cannot report itself. */
  log: Logger;
  now?: () => number;
}

export interface PollLoop {
  /** Stops the loop and aborts a poll in flight. Safe to call twice. */
  stop(): void;
}

const DEFAULT_MAX_BACKOFF_MS = 30_000;

/**
 * Polls forever, on the interval's grid: polls start at whole multiples of `intervalMs` (of
 * the epoch), so every feed on one interval ticks in the same turn of the event loop (one
 * fan-out batch for all of them) and none drifts, however late a timer fires. The next poll
 * is scheduled only after the last one ends, so polls never overlap; one that overruns its
 * interval skips the ticks it missed. Each poll has a timeout; a failure backs off
 * exponentially and retries, and never escapes the loop.
 */
export function startPollLoop(options: PollLoopOptions): PollLoop {
  const { poller, intervalMs, timeoutMs, onReading, onFailure, log } = options;
  const now = options.now ?? Date.now;
  const maxBackoffMs = Math.max(intervalMs, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  let stopped = false;
  let failures = 0;
  // The grid tick this poll was planned for; undefined for one not on the grid (the first, or a retry).
  let planned: number | undefined;
  let cancelTimer: (() => void) | undefined;
  let inFlight: PollAbort | undefined;

  const poll = async (): Promise<void> => {
    cancelTimer = undefined;
    // A timer may fire a millisecond early by Date.now(); the tick still belongs to its grid time.
    const started = planned === undefined ? now() : Math.max(now(), planned);
    const abort = createPollAbort(started);
    inFlight = abort;
    const timeout = setTimeout(() => abort.abort(new LivewallError(ERROR_CODES.FEED_TIMEOUT, `poll timed out after ${timeoutMs} ms`)), timeoutMs);
    try {
      // Settles as soon as the poll is abandoned (timeout or stop()): a read that ignores its signal is left behind.
      const values = await Promise.race([poller.read(abort.context), abort.aborted]);
      if (stopped) return;
      onReading(values, started);
      failures = 0;
    } catch (err) {
      if (stopped) return;
      failures += 1;
      reportFailure(err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timeout);
      inFlight = undefined;
    }
    if (stopped) return;
    options.onPolled?.(now() - started);
    if (failures > 0) {
      planned = undefined;
      const retry = setTimeout(runPoll, Math.min(intervalMs * 2 ** failures, maxBackoffMs));
      cancelTimer = () => clearTimeout(retry);
      return;
    }
    planned = nextTick(planned ?? started, now(), intervalMs);
    // Shared with every loop due at the same time, so they all tick in one turn (one fan-out batch).
    cancelTimer = atGridTime(planned, runPoll, now);
  };
  const reportFailure = (error: Error): void => {
    try {
      onFailure(error, failures);
    } catch (err) {
      // A throw here would reject `poll` and end this feed's loop for good; a bug in reporting is not worth that.
      log.error({ err, feed: poller.meta.topic, failures, pollError: error.message }, 'feed failure handler threw');
    }
  };
  // `poll` never rejects: every failure is caught above, and so is a failing report of one.
  const runPoll = (): void => void poll();

  const first = setTimeout(runPoll, 0);
  cancelTimer = () => clearTimeout(first);
  return {
    stop() {
      stopped = true;
      cancelTimer?.();
      inFlight?.abort(new LivewallError(ERROR_CODES.FEED_TIMEOUT, 'feed stopped'));
    },
  };
}

/**
 * The first grid tick after the one a poll was planned for (or started at), and after `ended`:
 * a poll that ran past its next tick waits for the one after, rather than starting at once.
 * @example nextTick(1000, 1020, 100) // 1100
 * @example nextTick(1000, 1250, 100) // 1300
 */
export function nextTick(plannedOrStarted: number, ended: number, intervalMs: number): number {
  const next = (Math.floor(plannedOrStarted / intervalMs) + 1) * intervalMs;
  return next > ended ? next : (Math.floor(ended / intervalMs) + 1) * intervalMs;
}

/** How one poll is abandoned: a timeout or `stop()` aborts it. */
interface PollAbort {
  /** What the poller gets; its `signal` is made only when the poller reads it. */
  readonly context: PollContext;
  /** Rejects with the reason once the poll is aborted. */
  readonly aborted: Promise<never>;
  abort(reason: Error): void;
}

/**
 * An AbortController costs an EventTarget, which at 200 polls a second showed in profiles:
 * pollers that do no I/O (simulations) never read their signal, so it is made on first read.
 */
function createPollAbort(now: number): PollAbort {
  let controller: AbortController | undefined;
  let reason: Error | undefined;
  let reject: ((reason: Error) => void) | undefined;
  const aborted = new Promise<never>((_, fail) => (reject = fail));
  // Nobody awaits it once the read has won the race.
  aborted.catch(() => undefined);
  return {
    context: {
      now,
      get signal() {
        controller ??= new AbortController();
        if (reason) controller.abort(reason);
        return controller.signal;
      },
    },
    aborted,
    abort(why) {
      if (reason) return;
      reason = why;
      controller?.abort(why);
      reject?.(why);
    },
  };
}
