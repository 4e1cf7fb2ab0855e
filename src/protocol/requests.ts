import { z } from 'zod';
import { parseDuration } from './history.js';
import { MAX_PUSH_SAMPLES, MAX_TOPIC_LENGTH, MAX_TOPICS_PER_REQUEST, TOPIC_PATTERN } from './limits.js';

const MAX_WINDOW_MS = 366 * 86_400_000;

/*
 * The schemas the server validates client payloads with. Kept apart from `index.ts`, so
 * the browser bundle and the client's types never pull in zod.
 */

/** A topic name as a client may send it. Bounded so a hostile payload costs little to reject. */
export const topicNameSchema = z
  .string()
  .min(1)
  .max(MAX_TOPIC_LENGTH)
  .regex(TOPIC_PATTERN, 'must be dot-separated words of letters, digits, "_" or "-"');

const topicListSchema = z.array(topicNameSchema).min(1).max(MAX_TOPICS_PER_REQUEST);

/**
 * `since`, read into a Map: topic names are data, and `__proto__`, `constructor` or `toString`
 * are topic names like any other. A plain object would drop the first and find the others
 * on its prototype.
 */
const sinceSchema = z.preprocess(
  (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? new Map(Object.entries(value)) : value),
  z
    .map(topicNameSchema, z.number().int().nonnegative())
    .refine((since) => since.size <= MAX_TOPICS_PER_REQUEST, `must name at most ${MAX_TOPICS_PER_REQUEST} topics`),
);

/** Validates `subscribe` payloads on the server. */
export const subscribeRequestSchema = z.strictObject({
  topics: topicListSchema,
  since: sinceSchema.optional(),
  epoch: z.string().max(64).optional(),
  window: z
    .string()
    .max(16)
    .refine((text) => (parseDuration(text) ?? 0) > 0 && (parseDuration(text) ?? 0) <= MAX_WINDOW_MS, 'must be a duration of up to 366 days, such as "24h" or "7d"')
    .optional(),
});

/** Validates `unsubscribe` payloads on the server. */
export const unsubscribeRequestSchema = z.strictObject({
  topics: topicListSchema,
});

/**
 * The shape of one pushed sample. Which fields a topic takes is the push feed's business;
 * this only bounds what any push may hold.
 */
export const pushSampleSchema = z.strictObject({
  values: z
    .record(z.string().max(64), z.number().nullable())
    .refine((values) => Object.keys(values).length > 0, 'must hold at least one field'),
  ts: z.number().int().nonnegative().optional(),
});

/** Samples for a push: at least one, at most `MAX_PUSH_SAMPLES`. */
export const pushSamplesSchema = z.array(pushSampleSchema).min(1).max(MAX_PUSH_SAMPLES);

/** Validates `publish` payloads on the server. */
export const publishRequestSchema = z.strictObject({
  topic: topicNameSchema,
  token: z.string().max(1_024),
  samples: pushSamplesSchema,
});
