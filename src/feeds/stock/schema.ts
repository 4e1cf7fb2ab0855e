import { z } from 'zod';
import { feedBaseShape, pollShape } from '../feed-schema';
import { seedSchema } from '../random';

/** `kind: "stock"`: a simulated share price. */
export const stockFeedSchema = z.strictObject({
  kind: z.literal('stock'),
  ...feedBaseShape,
  ...pollShape,
  symbol: z.string().min(1).max(16).optional().describe('Ticker shown on panels; defaults to the last word of the topic.'),
  startPrice: z.number().positive().default(100),
  drift: z.number().min(-1).max(1).default(0.0001).describe('Mean log return per tick.'),
  volatility: z.number().min(0).max(1).default(0.002).describe('Standard deviation of the log return per tick.'),
  baseVolume: z.number().int().min(0).default(1_000).describe('Typical shares traded per tick.'),
  seed: seedSchema,
});

export type StockFeedConfig = z.output<typeof stockFeedSchema>;
