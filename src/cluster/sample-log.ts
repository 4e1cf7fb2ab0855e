import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HistoryLimits } from '../hub/history-limits';
import type { Sample, TopicMeta } from '../protocol';
import { sampleSchema, topicMetaSchema } from './inter-node';
import type { RedisConnection } from './redis-connection';

/** A topic no node has announced for this long is forgotten (its node died and nobody runs it). */
export const TOPIC_FORGET_MS = 60 * 60_000;

export interface SampleLog {
  /**
   * The cluster's epoch, made by the first node to ask (`proposed`, or a new one): every node's
   * `seq`s come from it. A node that held one before Redis lost its data proposes that one.
   */
  epoch(proposed?: string): Promise<string>;
  /** Appends samples to their topics' capped lists, each list bounded by its topic's history limits. */
  append(samples: readonly Sample[], limitsOf: (topic: string) => HistoryLimits | undefined): Promise<void>;
  /** A topic's samples in Redis, oldest first; those that do not check out are left out. */
  read(topic: string): Promise<Sample[]>;
  /** The newest seq in Redis of each topic (0 when none). */
  newestSeqs(topics: readonly string[]): Promise<Map<string, number>>;
  /** Records that these topics exist (what they are, and that a node publishes them now). */
  announce(metas: readonly TopicMeta[]): Promise<void>;
  /** Every topic some node announced within `TOPIC_FORGET_MS`; older ones are dropped from Redis. */
  topics(): Promise<TopicMeta[]>;
}

/**
 * The cluster's shared memory of recent samples, in Redis: one capped list per topic (as long
 * as the topic's history ring, and expiring with its age limit), a registry of topics, and the
 * epoch. A node that starts, reconnects or misses a message fills its topics from here, so any
 * node serves history and `since` for any topic.
 */
export function createSampleLog(redis: RedisConnection, prefix: string, log: Logger, now: () => number = Date.now): SampleLog {
  const { client } = redis;
  const listKey = (topic: string): string => `${prefix}:samples:${topic}`;
  const metasKey = `${prefix}:topics`;
  const seenKey = `${prefix}:topics-seen`;

  const parse = <T>(text: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): T | undefined => {
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async epoch(proposed = randomUUID()) {
      const key = `${prefix}:epoch`;
      await client.set(key, proposed, { condition: 'NX' });
      const epoch = await client.get(key);
      if (epoch === null) throw new Error('the cluster epoch vanished from Redis as it was made');
      return epoch;
    },
    async append(samples, limitsOf) {
      const byTopic = new Map<string, string[]>();
      for (const sample of samples) {
        let list = byTopic.get(sample.topic);
        if (!list) byTopic.set(sample.topic, (list = []));
        list.push(JSON.stringify(sample));
      }
      const multi = client.multi();
      for (const [topic, items] of byTopic) {
        const limits = limitsOf(topic);
        if (!limits) continue;
        multi.rPush(listKey(topic), items).lTrim(listKey(topic), -limits.maxSamples, -1).pExpire(listKey(topic), limits.maxAgeMs);
      }
      await multi.exec();
    },
    async read(topic) {
      const items = await client.lRange(listKey(topic), 0, -1);
      const samples: Sample[] = [];
      for (const item of items) {
        const sample = parse(item, sampleSchema);
        if (sample?.topic === topic) samples.push(sample);
        else log.warn({ topic }, 'a sample in Redis does not check out; skipped');
      }
      return samples;
    },
    async newestSeqs(topics) {
      const newest = await Promise.all(topics.map((topic) => client.lIndex(listKey(topic), -1)));
      return new Map(topics.map((topic, i) => [topic, parse(newest[i] ?? 'null', sampleSchema)?.seq ?? 0]));
    },
    async announce(metas) {
      if (metas.length === 0) return;
      const seen = now();
      await client
        .multi()
        .hSet(metasKey, Object.fromEntries(metas.map((meta) => [meta.topic, JSON.stringify(meta)])))
        .zAdd(seenKey, metas.map((meta) => ({ score: seen, value: meta.topic })))
        .exec();
    },
    async topics() {
      const cutoff = now() - TOPIC_FORGET_MS;
      const gone = await client.zRangeByScore(seenKey, '-inf', cutoff);
      if (gone.length > 0) await client.multi().hDel(metasKey, gone).zRem(seenKey, gone).exec();
      const metas: TopicMeta[] = [];
      for (const [topic, text] of Object.entries(await client.hGetAll(metasKey))) {
        const meta = parse(text, topicMetaSchema);
        if (meta?.topic === topic) metas.push(meta);
      }
      return metas;
    },
  };
}
