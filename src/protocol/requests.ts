import { z } from 'zod';
import { parseDuration } from './history.js';
import { MAX_PATTERNS_PER_REQUEST, MAX_TOPIC_LENGTH, MAX_TOPICS_PER_REQUEST, TOPIC_PATTERN } from './limits.js';
import { topicGlobProblem } from './topic-glob.js';

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


/** A topic glob as a client may send it (`"build.*"`); see `topic-glob.ts`. */
export const topicGlobSchema = z
  .string()
  .max(MAX_TOPIC_LENGTH)
  .superRefine((glob, ctx) => {
    const problem = topicGlobProblem(glob);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const patternListSchema = z.array(topicGlobSchema).max(MAX_PATTERNS_PER_REQUEST);

/** Topics and globs together: either may be empty, not both. */
const needsTopicsOrPatterns = (request: { topics: string[]; patterns?: string[] | undefined }): boolean =>
  request.topics.length > 0 || (request.patterns?.length ?? 0) > 0;
const TOPICS_OR_PATTERNS = { message: 'must name at least one topic in "topics" or glob in "patterns"', path: ['topics'] };

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
  topics: z.array(topicNameSchema).max(MAX_TOPICS_PER_REQUEST),
  patterns: patternListSchema.optional(),
  since: sinceSchema.optional(),
  epoch: z.string().max(64).optional(),
  window: z
    .string()
    .max(16)
    .refine((text) => (parseDuration(text) ?? 0) > 0 && (parseDuration(text) ?? 0) <= MAX_WINDOW_MS, 'must be a duration of up to 366 days, such as "24h" or "7d"')
    .optional(),
}).refine(needsTopicsOrPatterns, TOPICS_OR_PATTERNS);

/** Validates `unsubscribe` payloads on the server. */
export const unsubscribeRequestSchema = z
  .strictObject({
    topics: z.array(topicNameSchema).max(MAX_TOPICS_PER_REQUEST),
    patterns: patternListSchema.optional(),
  })
  .refine(needsTopicsOrPatterns, TOPICS_OR_PATTERNS);

/**
 * Samples for a push, as sent: how many there may be and what each may hold is the push
 * feed's to check (`feeds/push/sample-schema.ts`), after the topic and the token, so HTTP, the
 * socket and a push forwarded between cluster nodes all get the same answer. The transport
 * bounds their size (the body limit, the socket's buffer).
 */
export const pushSamplesSchema = z.array(z.unknown());

/** Validates `publish` payloads on the server. */
export const publishRequestSchema = z.strictObject({
  topic: topicNameSchema,
  token: z.string().max(1_024),
  samples: pushSamplesSchema,
});
