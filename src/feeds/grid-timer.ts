/**
 * One timer per grid time, shared by every poll loop planned for it.
 *
 * Two `setTimeout`s aimed at the same epoch millisecond do not always fire in the same turn:
 * each delay is reckoned from the moment it was set, and libuv rounds to its cached loop time,
 * so feeds on one interval could tick a turn apart and go out in two fan-out batches (seen:
 * 1 of 3 topics in one batch, the other 2 a flush gap later). Loops that ask for the same
 * time here are called from one timer callback, in the order they asked.
 */
const due = new Map<number, { timer: ReturnType<typeof setTimeout>; calls: Set<() => void> }>();

/** Calls `call` at epoch time `at` (ms), in the same turn as every other call for `at`; returns a cancel. */
export function atGridTime(at: number, call: () => void, now: () => number = Date.now): () => void {
  let slot = due.get(at);
  if (!slot) {
    const calls = new Set<() => void>();
    const timer = setTimeout(() => {
      due.delete(at);
      for (const each of calls) each();
    }, Math.max(0, at - now()));
    slot = { timer, calls };
    due.set(at, slot);
  }
  const { calls, timer } = slot;
  // The same function may be asked for twice (a loop that was stopped and restarted): once is enough.
  calls.add(call);
  return () => {
    calls.delete(call);
    if (calls.size === 0 && due.get(at)?.timer === timer) {
      clearTimeout(timer);
      due.delete(at);
    }
  };
}
