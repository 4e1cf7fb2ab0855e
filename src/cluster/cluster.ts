import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import type { LiveConfig } from '../config/live-config';
import type { FeedRunner, PushRouter } from '../feeds/feed-runner';
import type { FeedConfig } from '../feeds/registry';
import { isPerHost } from '../feeds/registry';
import type { Hub } from '../hub/hub';
import type { LivewallServer } from '../socket/types';
import type { ClusterConfig } from './cluster-config';
import { startLeases, type Leases } from './leases';
import { forwardPushes } from './push-forwarding';
import { connectRedis, redactUrl, type RedisHealth } from './redis-connection';
import { startReplication } from './replication';
import { createSampleLog } from './sample-log';

/** How long `join` waits for Redis before the node starts anyway (and joins when Redis answers). */
const JOIN_WAIT_MS = 5_000;
/** How often a node says which topics it publishes, and forgets other nodes' topics nobody announces. */
const ANNOUNCE_EVERY_MS = 60_000;
/** Messages the adapter's stream keeps (it carries heartbeats; samples go by pub/sub and the capped lists). */
const ADAPTER_STREAM_MAX_LEN = 1_000;

/** A node's view of the cluster, for /readyz, /healthz and /metrics. */
export interface ClusterHealth {
  nodeId: string;
  redis: RedisHealth & { url: string };
  /** Whether this node has the cluster's epoch and history (it reached Redis at least once). */
  joined: boolean;
  /** The shared feeds this node runs now (by their config `topic`). */
  leases: string[];
}

export interface ClusterNode {
  readonly nodeId: string;
  /** Where pushes go: this node's feed, or the node that runs it. */
  readonly push: PushRouter;
  /** Whether this node runs a feed now: the shared feeds it holds the lease of, and its own machine's feeds (by lease too among the workers of one machine). */
  runs(feed: FeedConfig): boolean;
  /**
   * Takes the cluster's epoch and fills every topic from Redis, waiting a few seconds for Redis;
   * a node that cannot reach it starts anyway with what it has, and joins when Redis answers.
   */
  join(): Promise<void>;
  /** Starts competing for leases (after the feeds started). */
  startLeases(): void;
  /** A config reload may have added or removed shared feeds: compete for them now. */
  feedsChanged(): void;
  health(): ClusterHealth;
  /** Lets go of this node's leases (another node takes its feeds at once) and of Redis. */
  leave(): Promise<void>;
}

export interface ClusterOptions {
  cluster: ClusterConfig;
  nodeId: string;
  /** Whether other nodes run on this machine (the workers of `serve --workers`): they take turns at its per-host feeds by lease. */
  sharesHost: boolean;
  io: LivewallServer;
  hub: Hub;
  feeds: FeedRunner;
  config: LiveConfig;
  log: Logger;
}

/**
 * Makes this server one node of a cluster sharing a Redis: attaches Socket.IO's Redis Streams
 * adapter, replicates samples so every node holds every topic, runs each shared feed on the one
 * node holding its lease, and forwards pushes to that node. See docs/scaling.md.
 */
export function joinCluster(options: ClusterOptions): ClusterNode {
  const { cluster, nodeId, io, hub, feeds, config } = options;
  const log = options.log.child({ node: nodeId });
  const prefix = cluster.keyPrefix;
  const redis = connectRedis(cluster.redis, log);
  io.adapter(createAdapter(redis.client, { streamName: `${prefix}:socket.io`, channelPrefix: prefix, maxLen: ADAPTER_STREAM_MAX_LEN, onlyPlaintext: true }));
  const sampleLog = createSampleLog(redis, prefix, log);
  const replication = startReplication({ io, hub, redis, sampleLog, nodeId, defaultLimits: () => config.current.server.history, log });
  const forward = forwardPushes(io, feeds, () => redis.ready, log);
  let joined = false;
  let leases: Leases | undefined;
  let announcer: NodeJS.Timeout | undefined;

  // Per-host feeds are named for their machine (hosts.<hostId>.…), so a lease on one is a lease among that machine's workers.
  const leased = (feed: FeedConfig): boolean => options.sharesHost || !isPerHost(feed);
  const sharedFeeds = (): string[] => config.current.feeds.filter(leased).map((feed) => feed.topic);

  /** The epoch, then every topic's samples: once per node, the first time Redis answers. */
  let joining: Promise<void> | undefined;
  const joinOnce = (): Promise<void> => {
    joining ??= (async () => {
      hub.adoptEpoch(await sampleLog.epoch());
      joined = true;
      await replication.resync();
      log.info({ redis: redactUrl(cluster.redis), topics: hub.list().length }, 'joined the cluster');
    })().catch((err: unknown) => {
      // Redis went away again mid-join: the next time it is ready tries again.
      joining = undefined;
      throw err;
    });
    return joining;
  };
  /** Redis came back, perhaps empty (it keeps nothing on disk): the epoch goes back in, or a newer one is taken. */
  const keepEpoch = async (): Promise<void> => {
    const epoch = await sampleLog.epoch(hub.epoch);
    if (epoch === hub.epoch) return;
    log.warn({ was: hub.epoch, now: epoch }, 'another node set a new cluster epoch while Redis was away: taking it (viewers refill their charts)');
    hub.adoptEpoch(epoch);
  };
  redis.onReady(() => {
    const step = joined ? keepEpoch() : joinOnce();
    step.catch((err: unknown) => log.warn({ err }, 'could not join the cluster yet'));
  });

  /** Says which topics this node publishes, and forgets other nodes' topics nobody has announced for long. */
  const announce = async (): Promise<void> => {
    if (!redis.ready) return;
    await sampleLog.announce(hub.list().filter((topic) => feeds.runsTopic(topic.meta.topic)).map((topic) => topic.meta));
    // Only the registry: a gap in a topic's samples is filled when it shows, and on every reconnect.
    await replication.learnTopics();
    for (const topic of hub.list()) {
      const name = topic.meta.topic;
      if (!feeds.hasTopic(name) && !replication.announced.has(name)) hub.removeTopic(name);
    }
  };

  return {
    nodeId,
    push: forward,
    runs: (feed) => !leased(feed) || leases?.holds(feed.topic) === true,
    async join() {
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, JOIN_WAIT_MS).unref());
      const ready = new Promise<void>((resolve) => {
        if (redis.ready) resolve();
        else redis.onReady(resolve);
      });
      await Promise.race([ready.then(joinOnce), deadline]);
      if (!joined) log.warn({ redis: redactUrl(cluster.redis) }, options.sharesHost
          ? `Redis did not answer within ${JOIN_WAIT_MS / 1000} s: starting with no feeds (they wait for a lease), joining when it does`
          : `Redis did not answer within ${JOIN_WAIT_MS / 1000} s: starting with this node's own feeds, joining when it does`);
    },
    startLeases() {
      leases ??= startLeases({
        redis,
        keyOf: (feed) => `${prefix}:lease:${feed}`,
        nodeId,
        leaseMs: cluster.leaseMs,
        wanted: sharedFeeds,
        prepare: async (won) => {
          // Number on from the cluster's newest seq of each topic, whatever this node missed.
          const topics = won.flatMap((feed) => feeds.topicsOf(feed));
          for (const [topic, seq] of await sampleLog.newestSeqs(topics)) if (hub.get(topic)) hub.numberAfter(topic, seq);
        },
        changed: () => feeds.reconcile(),
        log,
      });
      announcer = setInterval(() => void announce().catch((err: unknown) => log.warn({ err }, 'could not announce topics')), ANNOUNCE_EVERY_MS);
      announcer.unref();
    },
    feedsChanged() {
      leases?.poke();
    },
    health: () => ({ nodeId, redis: { ...redis.health, url: redactUrl(cluster.redis) }, joined, leases: [...(leases?.held ?? [])] }),
    async leave() {
      clearInterval(announcer);
      await leases?.release();
      replication.stop();
      await redis.close();
    },
  };
}
