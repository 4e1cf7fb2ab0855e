import { z } from 'zod';

/** How much recent history a topic keeps: the config's `server.history`, or a feed's override. */
export const historyLimitsSchema = z
  .strictObject({
    maxSamples: z.number().int().min(1).max(100_000).default(600).describe('Most samples kept per topic.'),
    maxAgeMs: z
      .number()
      .int()
      .min(1_000)
      .default(15 * 60_000)
      .describe('Samples older than this are dropped from history.'),
  })
  .describe('How much recent history each topic keeps for new and reconnecting viewers.');

export type HistoryLimits = z.output<typeof historyLimitsSchema>;
