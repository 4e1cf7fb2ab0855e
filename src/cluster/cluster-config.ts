import { z } from 'zod';

/** A node id is one word of a topic name: per-host topics are `hosts.<nodeId>.<metric>`. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Several Livewall nodes sharing one Redis: viewers on any node see every topic, each shared
 * feed is polled by one node at a time, and a node that dies has its feeds taken over.
 * Absent (the default), the server runs alone and needs no Redis.
 */
export const clusterSchema = z
  .strictObject({
    redis: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL, such as "redis://127.0.0.1:6379/0"')
      .describe('The Redis every node shares, as redis://[user:password@]host:port[/db]; its database number is honoured.'),
    nodeId: z
      .string()
      .regex(NODE_ID_PATTERN, 'must be 1 to 64 letters, digits, "_" or "-"')
      .optional()
      .describe('This node\'s name in per-host topics (hosts.<nodeId>.cpu) and in logs; defaults to the host name and process id.'),
    leaseMs: z
      .number()
      .int()
      .min(500)
      .max(60_000)
      .default(5_000)
      .describe('How long a node holds a shared feed without renewing; a dead node\'s feeds are taken over within two of these.'),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be 1 to 64 letters, digits, "_", ":", "." or "-"')
      .default('livewall')
      .describe('Prefix of every Redis key and stream this cluster uses, so clusters can share a Redis.'),
  })
  .optional()
  .describe('Run as one node of several sharing a Redis. Absent: one server on its own, no Redis needed.');

export type ClusterConfig = NonNullable<z.output<typeof clusterSchema>>;
