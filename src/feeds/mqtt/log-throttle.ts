/**
 * Keeps one kind of log line from flooding the log: the first occurrence is logged at once,
 * later ones are counted, and at most one summary a window says how many there were. A quiet
 * window ends it, so the next occurrence is logged at once again.
 */
export interface LogThrottle<T> {
  /** One occurrence, with what to log about it. */
  hit(detail: T): void;
  /** Drops the pending summary and its timer. Safe to call twice. */
  stop(): void;
}

/**
 * A throttle that logs through `report`, with at most one summary every `windowMs`.
 * @param report logs one line: `held` is 0 for an occurrence logged as it happens, else how many
 *   occurred since the last line (`detail` is then the newest of them)
 */
export function createLogThrottle<T>(windowMs: number, report: (detail: T, held: number) => void): LogThrottle<T> {
  let timer: NodeJS.Timeout | undefined;
  let held = 0;
  let newest: T | undefined;
  let stopped = false;

  const openWindow = (): void => {
    // Unref'd: a pending summary line is no reason to keep the process alive.
    timer = setTimeout(closeWindow, windowMs).unref();
  };
  const closeWindow = (): void => {
    timer = undefined;
    if (held === 0 || newest === undefined) return;
    report(newest, held);
    held = 0;
    newest = undefined;
    openWindow();
  };

  return {
    hit(detail) {
      if (stopped) return;
      if (timer === undefined) {
        report(detail, 0);
        openWindow();
        return;
      }
      held += 1;
      newest = detail;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
