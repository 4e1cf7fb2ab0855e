import { z } from 'zod';
import { historyLimitsSchema } from '../hub/history-limits';
import { MAX_TOPIC_LENGTH, TOPIC_PATTERN } from '../protocol';

/*
 * The zod pieces every feed kind's schema is built from. A kind's folder spreads these into
 * its own `z.strictObject`, so each kind's config type is its schema.
 */

export const topicNameSchema = z
  .string()
  .max(MAX_TOPIC_LENGTH)
  .regex(TOPIC_PATTERN, 'must be dot-separated words of letters, digits, "_" or "-", such as "stocks.ACME"');

/** A field name: a word, so it reads well in panels' `fields` and in JSON. */
export const fieldNameSchema = z.string().max(64).regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a word of letters, digits and "_"');

/** What every feed has. */
export const feedBaseShape = {
  topic: topicNameSchema.describe('The topic this feed publishes to; also its Socket.IO room.'),
  title: z.string().min(1).max(200).optional().describe('Shown on panels; defaults to one derived from the topic.'),
  history: historyLimitsSchema.partial().optional().describe('Overrides server.history for this topic.'),
};

/** What every polled feed has on top of the base. */
export const pollShape = {
  intervalMs: z.number().int().min(100).max(86_400_000).default(1_000).describe('How often to poll. Polls start on the interval\'s grid and never overlap: one that overruns skips the ticks it missed.'),
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000).describe('A poll that takes longer fails and is abandoned.'),
};

/** For feeds that do not poll (push, MQTT): when a topic counts as stale. */
export const expectedIntervalShape = {
  expectedIntervalMs: z
    .number()
    .int()
    .min(100)
    .max(86_400_000)
    .optional()
    .describe('How often samples should arrive; a topic quiet for three times this is shown stale. Never stale when absent.'),
};

/** A feed's config as the runner sees it, whatever its kind. */
export interface FeedConfigBase {
  kind: string;
  topic: string;
  history?: Partial<z.output<typeof historyLimitsSchema>> | undefined;
}
