import { z } from 'zod';
import { declaredFieldShape, declaredFieldsSchema } from '../declared-fields';
import { expectedIntervalShape, feedBaseShape } from '../feed-schema';

const pushFieldSchema = z.strictObject(declaredFieldShape);

/** `kind: "push"`: a topic whose samples are sent to Livewall (`POST /api/topics/<topic>`, or the `publish` event). */
export const pushFeedSchema = z.strictObject({
  kind: z.literal('push'),
  ...feedBaseShape,
  ...expectedIntervalShape,
  fields: declaredFieldsSchema(pushFieldSchema, 64).describe('The fields a push may carry; any other is refused.'),
  token: z
    .string()
    .min(16)
    .max(1_024)
    .describe('The bearer token a push must carry. Put it in the environment and write "${VARIABLE}" here; at least 16 characters.'),
  maxSamplesPerSec: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(50)
    .describe('Samples a second a topic takes, after a burst of up to 1,000; more are refused with 429.'),
});

export type PushFeedConfig = z.output<typeof pushFeedSchema>;
