import { z } from 'zod';
import { MAX_TOPIC_LENGTH, MAX_TOPICS_PER_REQUEST, TOPIC_PATTERN } from './limits';

/** A topic name as a client may send it. Bounded so a hostile payload costs little to reject. */
export const topicNameSchema = z
  .string()
  .min(1)
  .max(MAX_TOPIC_LENGTH)
  .regex(TOPIC_PATTERN, 'must be dot-separated words of letters, digits, "_" or "-"');

const topicListSchema = z.array(topicNameSchema).min(1).max(MAX_TOPICS_PER_REQUEST);

/** Validates `subscribe` payloads on the server. */
export const subscribeRequestSchema = z.strictObject({
  topics: topicListSchema,
  since: z
    .record(topicNameSchema, z.number().int().nonnegative())
    .refine((since) => Object.keys(since).length <= MAX_TOPICS_PER_REQUEST, `must name at most ${MAX_TOPICS_PER_REQUEST} topics`)
    .optional(),
  epoch: z.string().max(64).optional(),
});

/** Validates `unsubscribe` payloads on the server. */
export const unsubscribeRequestSchema = z.strictObject({
  topics: topicListSchema,
});
