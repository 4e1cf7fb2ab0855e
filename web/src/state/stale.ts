/** A topic is stale once nothing has arrived for this many of its feed intervals… */
export const STALE_INTERVALS = 3;
/** …and for at least this long, so one late packet never flashes a fast feed's panel stale. */
export const STALE_MIN_MS = 2_000;

export interface Staleness {
  stale: boolean;
  /** Milliseconds since the last sample (or since watching began, when none came). */
  ageMs: number;
}

/**
 * Whether a topic has gone quiet.
 * @param lastSeenMs when its last sample arrived, or when watching began if none has
 * @param intervalMs how often samples are expected (the feed's poll interval); null when
 *   nothing is expected at any rate (a push topic with no `expectedIntervalMs`), which is never stale
 */
export function staleness(lastSeenMs: number, intervalMs: number | null, nowMs: number): Staleness {
  const ageMs = Math.max(0, nowMs - lastSeenMs);
  return { stale: intervalMs !== null && ageMs > Math.max(STALE_INTERVALS * intervalMs, STALE_MIN_MS), ageMs };
}

/**
 * The marker text: "stale 42 s", "stale 5 min", "stale 3 h", "stale 2 d".
 * @example formatAge(42_300) // "42 s"
 */
export function formatAge(ageMs: number): string {
  const s = Math.floor(ageMs / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
