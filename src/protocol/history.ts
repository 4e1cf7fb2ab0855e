import type { Sample } from './sample.js';

/** A roll-up point: per field, the min, max, mean and last over the bucket starting at `ts` (epoch ms); null when the bucket had no value. */
export interface RollupPoint {
  ts: number;
  values: Record<string, { min: number; max: number; mean: number; last: number } | null>;
}

/** Where a range of history came from: every sample (`raw`), or 1-minute or 1-hour roll-ups. */
export type HistoryTier = 'raw' | 'minute' | 'hour';

/** A range of a topic's history, oldest first: raw samples, or roll-up points of one tier. */
export type HistoryRange = { tier: 'raw'; stepMs: null; samples: Sample[] } | { tier: 'minute' | 'hour'; stepMs: number; points: RollupPoint[] };

/** The most points one range answer holds: more than a 4K panel has pixels across, fewer than a big ack. */
export const MAX_RANGE_POINTS = 2_000;

const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration as people write it in a config or a request: `"90s"`, `"15m"`, `"24h"`, `"7d"`.
 * @returns milliseconds, or undefined when it is not one
 * @example parseDuration('24h') // 86_400_000
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
