import type { FieldMeta, SampleValues } from '../../../protocol';
import type { SystemFeedConfig } from '../schema';
import type { SystemInfo } from '../system-info';

/** One group of system stats: how it is described and how one reading is taken. */
export interface SystemMetric {
  title: string;
  unit?: string;
  fields: FieldMeta[];
  read(systemInfo: SystemInfo, config: SystemFeedConfig): Promise<SampleValues>;
}

/** Rounds to two decimals, keeping null. */
export function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
