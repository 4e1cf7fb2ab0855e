import type { Logger } from 'pino';
import type { HistoryLimits } from '../hub/history-limits';
import type { Hub } from '../hub/hub';
import type { Sample, TopicMeta } from '../protocol';
import type { LivewallServer } from '../socket/types';
import { EVENTS_BETWEEN_NODES, sampleBatchSchema, statusUpdateSchema } from './inter-node';
import type { RedisConnection } from './redis-connection';
import type { SampleLog } from './sample-log';

export interface ReplicationOptions {
  io: LivewallServer;
  hub: Hub;
  redis: RedisConnection;
  sampleLog: SampleLog;
  nodeId: string;
  /** `server.history`: the limits of a topic first heard of from another node. */
  defaultLimits: () => HistoryLimits;
  log: Logger;
}

export interface Replication {
  /**
   * Fills every topic from Redis: topics other nodes announced, and the samples this node has
   * not got. On joining, and each time Redis comes back.
   */
  resync(): Promise<void>;
  /** Reads which topics the nodes announced, and adds those this node lacks (no samples read). */
  learnTopics(): Promise<void>;
  /** Topics some node announced, fresh from the last resync or learnTopics. */
  readonly announced: ReadonlySet<string>;
  stop(): void;
}

/**
 * Every node holds every topic: samples a node's own feeds publish go to the other nodes through
 * the Socket.IO adapter, a batch per turn of the event loop, and into the topics' capped lists
 * in Redis. A node takes other nodes' samples into its hub in `seq` order, dropping what it has,
 * and its fan-out delivers them to its own viewers as if its feeds had published them. A gap in
 * the seqs (a message missed while the adapter reconnected) is filled from the list first.
 */
export function startReplication(options: ReplicationOptions): Replication {
  const { io, hub, redis, sampleLog, nodeId, log } = options;
  let outgoing: Sample[] = [];
  let flushScheduled = false;
  let stopped = false;
  /** Topics whose meta this node sent since Redis last (re)connected. */
  const described = new Set<string>();
  /** Topics being filled from Redis, with what arrived meanwhile. */
  const repairing = new Map<string, Sample[]>();
  let announced = new Set<string>();
  let resyncing: Promise<void> | undefined;

  const limitsOf = (topic: string): HistoryLimits | undefined => hub.get(topic)?.limits;

  const flush = (): void => {
    flushScheduled = false;
    const samples = outgoing;
    outgoing = [];
    // While Redis is down this node's viewers have them; the others fill in from Redis no further back than its return.
    if (stopped || samples.length === 0 || !redis.ready) return;
    const metas: TopicMeta[] = [];
    for (const sample of samples) {
      if (described.has(sample.topic)) continue;
      described.add(sample.topic);
      const meta = hub.get(sample.topic)?.meta;
      if (meta) metas.push(meta);
    }
    io.serverSideEmit(EVENTS_BETWEEN_NODES.samples, { node: nodeId, samples, topics: metas });
    sampleLog.append(samples, limitsOf).catch((err: unknown) => log.warn({ err }, 'samples not written to Redis'));
    if (metas.length > 0) sampleLog.announce(metas).catch((err: unknown) => log.warn({ err }, 'topics not announced in Redis'));
  };

  const offSample = hub.on('sample', (sample, origin) => {
    if (origin !== 'local') return;
    outgoing.push(sample);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  const offStatus = hub.on('status', (topic, status, origin) => {
    if (origin === 'local' && redis.ready) io.serverSideEmit(EVENTS_BETWEEN_NODES.status, { topic, status });
  });
  const offReady = redis.onReady(() => described.clear());

  /** Adds a topic another node publishes; one this node knows keeps its own meta. */
  const learn = (meta: TopicMeta): void => {
    if (!hub.get(meta.topic)) hub.upsertTopic(meta, options.defaultLimits());
  };

  /** Takes what Redis holds of a topic beyond what the hub has, then what arrived meanwhile. */
  const repair = async (topic: string): Promise<void> => {
    try {
      for (const sample of await sampleLog.read(topic)) if (hub.get(topic)) hub.ingest(sample);
    } catch (err) {
      log.warn({ err, topic }, 'could not fill a gap from Redis');
    }
    const waiting = repairing.get(topic) ?? [];
    repairing.delete(topic);
    waiting.sort((a, b) => a.seq - b.seq);
    for (const sample of waiting) if (hub.get(topic)) hub.ingest(sample);
  };

  const receive = (sample: Sample): void => {
    const waiting = repairing.get(sample.topic);
    if (waiting) {
      waiting.push(sample);
      return;
    }
    const topic = hub.get(sample.topic);
    if (!topic) {
      // A topic this node has not heard of, sent without its meta: the registry has it.
      void resync();
      return;
    }
    const newest = topic.history.lastSeq;
    if (sample.seq <= newest) return;
    if (sample.seq === newest + 1 && newest > 0) {
      hub.ingest(sample);
      return;
    }
    repairing.set(sample.topic, [sample]);
    void repair(sample.topic);
  };

  io.on(EVENTS_BETWEEN_NODES.samples, (payload: unknown) => {
    const batch = sampleBatchSchema.safeParse(payload);
    if (!batch.success) {
      log.warn({ issues: batch.error.issues.slice(0, 3) }, 'another node sent samples that do not check out; dropped');
      return;
    }
    for (const meta of batch.data.topics) learn(meta);
    for (const sample of batch.data.samples) receive(sample);
  });
  io.on(EVENTS_BETWEEN_NODES.status, (payload: unknown) => {
    const update = statusUpdateSchema.safeParse(payload);
    if (update.success && hub.get(update.data.topic)) hub.applyStatus(update.data.topic, update.data.status);
  });

  const learnTopics = async (): Promise<void> => {
    const metas = await sampleLog.topics();
    announced = new Set(metas.map((meta) => meta.topic));
    for (const meta of metas) learn(meta);
  };

  const resyncOnce = async (): Promise<void> => {
    await learnTopics();
    await Promise.all(
      hub.list().map(async ({ meta: { topic } }) => {
        if (repairing.has(topic)) return;
        repairing.set(topic, []);
        await repair(topic);
      }),
    );
  };

  const resync = (): Promise<void> => {
    resyncing ??= resyncOnce()
      .catch((err: unknown) => log.warn({ err }, 'could not fill topics from Redis; trying again when it is back'))
      .finally(() => (resyncing = undefined));
    return resyncing;
  };
  const offResync = redis.onReady(() => void resync());

  return {
    resync,
    learnTopics,
    get announced() {
      return announced;
    },
    stop() {
      stopped = true;
      offSample();
      offStatus();
      offReady();
      offResync();
      io.removeAllListeners(EVENTS_BETWEEN_NODES.samples);
      io.removeAllListeners(EVENTS_BETWEEN_NODES.status);
    },
  };
}
