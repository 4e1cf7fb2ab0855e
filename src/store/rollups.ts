import type { SampleValues } from '../protocol';

/** The roll-up tiers, by bucket length. */
export const TIERS = { minute: 60_000, hour: 3_600_000 } as const;
export type RollupTier = keyof typeof TIERS;

/** One field's aggregate over a bucket: nulls are left out of it, and a bucket of nulls has none. */
export interface FieldAggregate {
  min: number;
  max: number;
  sum: number;
  count: number;
  /** The newest non-null value. */
  last: number;
}

/** Aggregates of one topic's fields per bucket start, for one tier. */
export type Buckets = Map<number, Map<string, FieldAggregate>>;

/** The start of the bucket holding `ts`. */
export function bucketOf(ts: number, lengthMs: number): number {
  return Math.floor(ts / lengthMs) * lengthMs;
}

/**
 * Adds samples (in time order) to per-bucket aggregates. Used for one flush's worth: the store
 * merges the result into what it already holds (min of mins, sum of sums, the newer last).
 */
export function aggregate(samples: readonly { ts: number; values: SampleValues }[], lengthMs: number, into: Buckets = new Map()): Buckets {
  for (const sample of samples) {
    const start = bucketOf(sample.ts, lengthMs);
    let fields = into.get(start);
    if (!fields) into.set(start, (fields = new Map()));
    for (const [field, value] of Object.entries(sample.values)) {
      if (value === null || !Number.isFinite(value)) continue;
      const current = fields.get(field);
      if (!current) fields.set(field, { min: value, max: value, sum: value, count: 1, last: value });
      else {
        current.min = Math.min(current.min, value);
        current.max = Math.max(current.max, value);
        current.sum += value;
        current.count += 1;
        current.last = value;
      }
    }
  }
  return into;
}
