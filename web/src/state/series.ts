/** A chart point as Chart.js draws it with `parsing: false`: x is epoch ms. */
export interface Point {
  x: number;
  y: number | null;
}

/**
 * The points of one field of one topic, bounded two ways: by the panel's time
 * window, and by a hard count, so a wall left running for weeks holds a flat heap
 * whatever the feed's rate. `points` is the very array handed to Chart.js, so it
 * is only ever changed in place, and only through `push` and `splice`: Chart.js
 * (with `parsing: false`) patches those methods to keep its elements in step with
 * the data. Anything it cannot see, such as `points.length = 0`, leaves it with
 * more elements than points, and its next bar layout reads past the end.
 */
export interface Series {
  readonly points: Point[];
  readonly windowMs: number;
  readonly maxPoints: number;
  /**
   * For windows too long to hold every sample (a 24-hour panel): one point per bucket of this
   * many ms, the bucket's newest sample, as the roll-ups it joins hold each bucket's last value.
   * 0 keeps every sample.
   */
  readonly bucketMs: number;
}

/** Default hard cap: more points than a 4K panel has pixels across. */
export const DEFAULT_MAX_POINTS = 4_000;

export function createSeries(windowMs: number, maxPoints: number = DEFAULT_MAX_POINTS, bucketMs = 0): Series {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  if (!(maxPoints >= 1)) throw new RangeError(`maxPoints must be at least 1, got ${maxPoints}`);
  if (!(bucketMs >= 0)) throw new RangeError(`bucketMs must be 0 or more, got ${bucketMs}`);
  return { points: [], windowMs, maxPoints: Math.floor(maxPoints), bucketMs };
}

/** Points a long window draws across: about one per pixel of a 1080p TV's width. */
export const LONG_WINDOW_POINTS = 2_000;

/** The bucket a series of this window needs to stay within `LONG_WINDOW_POINTS`: 0 when it holds every sample anyway. */
export function bucketFor(windowMs: number, sampleIntervalMs: number | null): number {
  const bucket = Math.ceil(windowMs / LONG_WINDOW_POINTS);
  return sampleIntervalMs !== null && bucket <= sampleIntervalMs ? 0 : bucket;
}

/** Points per `push` call: far below any engine's argument limit. */
const PUSH_CHUNK = 1_000;

/**
 * Appends points that are newer than the last one held, then trims.
 * Older or equal x values are dropped: a chart needs x in order, and a repeat
 * (a resent sample) must never show twice.
 * @returns how many points were added.
 */
export function appendPoints(series: Series, incoming: readonly Point[]): number {
  let last = series.points.at(-1)?.x ?? -Infinity;
  const fresh: Point[] = [];
  const { bucketMs } = series;
  let added = 0;
  for (const point of incoming) {
    if (!(point.x > last)) continue;
    added += 1;
    const previous = fresh.at(-1);
    if (bucketMs > 0 && previous && Math.floor(previous.x / bucketMs) === Math.floor(point.x / bucketMs)) fresh[fresh.length - 1] = point;
    else fresh.push(point);
    last = point.x;
  }
  // The first new point may fall in the bucket of the newest point held: it takes that point's place.
  const held = series.points.at(-1);
  const first = fresh[0];
  if (bucketMs > 0 && held && first && Math.floor(held.x / bucketMs) === Math.floor(first.x / bucketMs)) {
    series.points.splice(series.points.length - 1, 1);
  }
  // Only the newest maxPoints can survive the trim; one push per chunk keeps Chart.js
  // to one element update per chunk rather than one per point.
  const kept = fresh.length > series.maxPoints ? fresh.slice(-series.maxPoints) : fresh;
  for (let i = 0; i < kept.length; i += PUSH_CHUNK) series.points.push(...kept.slice(i, i + PUSH_CHUNK));
  if (kept.length > 0) trimSeries(series, last);
  return added;
}

/** Replaces every point (a backfill that is not a continuation), keeping the bounds. */
export function replacePoints(series: Series, incoming: readonly Point[]): void {
  series.points.splice(0, series.points.length);
  appendPoints(series, incoming);
}

/**
 * Drops points older than the window before `now`, and the oldest beyond the hard cap.
 * One splice, so Chart.js sees a single change.
 */
export function trimSeries(series: Series, now: number): void {
  const { points } = series;
  const cutoff = now - series.windowMs;
  // Points are in x order: find the first one inside the window by binary search.
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as Point).x < cutoff) lo = mid + 1;
    else hi = mid;
  }
  const drop = Math.max(lo, points.length - series.maxPoints);
  if (drop > 0) points.splice(0, drop);
}

/** The newest point with a value, if any. */
export function latestValue(series: Series): Point | undefined {
  for (let i = series.points.length - 1; i >= 0; i -= 1) {
    const point = series.points[i] as Point;
    if (point.y !== null) return point;
  }
  return undefined;
}

/** The oldest point with a value, for a stat panel's change over its window. */
export function earliestValue(series: Series): Point | undefined {
  return series.points.find((point) => point.y !== null);
}
