import { z } from 'zod';
import { feedBaseShape, pollShape } from '../feed-schema';

export const SYSTEM_METRICS = ['cpu', 'memory', 'network', 'disk', 'load', 'temperature'] as const;
export type SystemMetricName = (typeof SYSTEM_METRICS)[number];

/** `kind: "system"`: one group of this machine's stats. */
export const systemFeedSchema = z.strictObject({
  kind: z.literal('system'),
  ...feedBaseShape,
  ...pollShape,
  metric: z.enum(SYSTEM_METRICS).describe('Which group of this machine\'s stats to poll.'),
  mount: z.string().min(1).default('/').describe('For metric "disk": the mount point to report.'),
});

export type SystemFeedConfig = z.output<typeof systemFeedSchema>;
