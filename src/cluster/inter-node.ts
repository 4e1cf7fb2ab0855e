import { z } from 'zod';
import type { PublishAck, Sample, TopicMeta, TopicStatus } from '../protocol';
import { pushSamplesSchema, topicNameSchema } from '../protocol/requests';

/*
 * What nodes of a cluster tell each other through the Socket.IO adapter (`serverSideEmit`).
 * Another node may run another version, so what arrives is checked like any outside input.
 */

export const EVENTS_BETWEEN_NODES = {
  /** Samples a node's feeds published, numbered by it, and what each topic is the first time it sends it. */
  samples: 'livewall:samples',
  /** A status change of a topic a node's feed publishes. */
  status: 'livewall:status',
  /** A push that arrived at a node not running the topic's feed: the node that runs it answers. */
  push: 'livewall:push',
} as const;

const sampleSchema = z.strictObject({
  topic: topicNameSchema,
  seq: z.number().int().positive(),
  ts: z.number().finite(),
  values: z.record(z.string(), z.number().finite().nullable()),
});

const topicMetaSchema = z.strictObject({
  topic: topicNameSchema,
  title: z.string(),
  kind: z.string(),
  unit: z.string().optional(),
  fields: z.array(z.strictObject({ name: z.string(), label: z.string(), unit: z.string().optional() })),
  intervalMs: z.number().nullable(),
});

const topicStatusSchema = z.strictObject({
  state: z.enum(['pending', 'ok', 'error']),
  since: z.number(),
  lastSampleTs: z.number().nullable(),
  error: z.string().optional(),
  failures: z.number().int().nonnegative(),
});

export const sampleBatchSchema = z.strictObject({
  node: z.string(),
  samples: z.array(sampleSchema),
  topics: z.array(topicMetaSchema),
});

export const statusUpdateSchema = z.strictObject({ topic: topicNameSchema, status: topicStatusSchema });

export const forwardedPushSchema = z.strictObject({ topic: topicNameSchema, token: z.string(), samples: pushSamplesSchema });

export { sampleSchema, topicMetaSchema };

export type SampleBatch = { node: string; samples: Sample[]; topics: TopicMeta[] };
export type StatusUpdate = { topic: string; status: TopicStatus };
export type ForwardedPush = z.output<typeof forwardedPushSchema>;

/** The typed `serverSideEmit` events; payloads are `unknown` on arrival until checked. */
export interface InterServerEvents {
  [EVENTS_BETWEEN_NODES.samples]: (batch: SampleBatch) => void;
  [EVENTS_BETWEEN_NODES.status]: (update: StatusUpdate) => void;
  [EVENTS_BETWEEN_NODES.push]: (request: ForwardedPush, reply: (ack: PublishAck | null) => void) => void;
}
