import type { Panel } from '../../../src/protocol';

/** `none`: no reading (null, or nothing yet), which is neither good nor bad news. */
export type Level = 'ok' | 'warn' | 'critical' | 'none';

/** Where a value stands against a panel's thresholds. */
export function thresholdLevel(value: number | null | undefined, thresholds: Panel['thresholds']): Level {
  if (value === null || value === undefined) return 'none';
  if (!thresholds) return 'ok';
  const beyond = (limit: number | undefined): boolean =>
    limit !== undefined && (thresholds.direction === 'below' ? value <= limit : value >= limit);
  if (beyond(thresholds.critical)) return 'critical';
  if (beyond(thresholds.warn)) return 'warn';
  return 'ok';
}
