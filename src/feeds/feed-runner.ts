import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { HistoryLimits } from '../hub/history-limits';
import type { Hub } from '../hub/hub';
import type { Metrics } from '../metrics/metrics';
import { ERROR_CODES, type PublishAck, type TopicMeta } from '../protocol';
import { echoName } from '../validation/echo-name';
import type { Feed, FeedSink } from './feed';
import type { FeedDependencies } from './feed-kind';
import { createFeed, publishesTopic, type FeedConfig } from './registry';

/** What the runner runs: the config's feeds and what they need from the rest of it. */
export interface FeedSet {
  feeds: readonly FeedConfig[];
  /** `server.history`; a feed's own `history` overrides it. */
  history: HistoryLimits;
  /** Every topic a dashboard names. */
  dashboardTopics: ReadonlySet<string>;
}

export interface FeedRunner {
  /** Starts every feed. Safe to call twice; does nothing after `stop`. */
  start(): void;
  /**
   * Moves to another set of feeds (a reloaded config): added feeds start, removed ones stop
   * and their topics go, changed ones restart. A topic whose feed did not change keeps its
   * history, its seq and its viewers; so does one a changed feed still publishes.
   * @returns the topics of the feeds that changed, for the log
   */
  apply(next: FeedSet): { added: string[]; removed: string[]; restarted: string[] };
  /**
   * Hands pushed samples to the push feed of `topic`: `TOPIC_UNKNOWN` when no feed publishes
   * it, `TOPIC_NOT_PUSH` when its feed fetches its own samples.
   */
  push(topic: string, token: string, samples: readonly unknown[]): PublishAck;
  /** Whether a configured feed publishes `topic`, running here or not. */
  hasTopic(topic: string): boolean;
  /** Whether the feed that publishes `topic` runs on this server (in a cluster, another node may run it). */
  runsTopic(topic: string): boolean;
  /** The topics a feed (by its config `topic`) publishes now. */
  topicsOf(feed: string): string[];
  /**
   * Starts the feeds `runs` now allows and stops those it no longer does (a cluster node won or
   * lost a feed's lease). A stopped feed's topics, history and viewers stay.
   */
  reconcile(): void;
  /** Stops every feed. Safe to call twice, and before `start`. */
  stop(): void;
}

/** Where a push is taken: the runner's own `push`, or (in a cluster) a router that may forward it to another node. */
export type PushRouter = (topic: string, token: string, samples: readonly unknown[]) => PublishAck | Promise<PublishAck>;

export interface FeedRunnerOptions {
  metrics?: Pick<Metrics, 'feedPollSeconds' | 'feedErrors'>;
  /** Whether a feed runs here now; every feed, always, by default. See `reconcile`. */
  runs?: (config: FeedConfig) => boolean;
}

/** One running feed: its config, the feed, and the topics it declared. */
interface Entry {
  readonly config: FeedConfig;
  /** The dashboard topics it publishes (see `namedBy`). */
  readonly named: readonly string[];
  limits: HistoryLimits;
  readonly feed: Feed;
  readonly topics: Set<string>;
  running: boolean;
  stopped: boolean;
}

/**
 * Runs the configured feeds, each on its own (one feed's failures never touch another's),
 * and is the only way feeds reach the hub: a feed may only publish to topics it declared.
 */
export function createFeedRunner(
  initial: FeedSet,
  hub: Hub,
  deps: Omit<FeedDependencies, 'knownTopics' | 'log'>,
  log: Logger,
  options: FeedRunnerOptions = {},
): FeedRunner {
  const { metrics, runs = () => true } = options;
  const entries = new Map<string, Entry>();
  let current = initial;
  const owners = new Map<string, Entry>();
  let started = false;
  let stopped = false;

  const sinkFor = (entry: Entry): FeedSink => {
    const owns = (topic: string): boolean => !entry.stopped && owners.get(topic) === entry;
    return {
      declare(meta) {
        if (entry.stopped) return false;
        const owner = owners.get(meta.topic);
        if (owner && owner !== entry) return false;
        declareTopic(entry, meta);
        return true;
      },
      publish(topic, values, ts) {
        if (owns(topic)) hub.publish(topic, values, ts);
      },
      fail(topic, error, failures) {
        if (!owns(topic)) return;
        hub.markFailure(topic, error.message, failures);
        metrics?.feedErrors.inc({ topic });
      },
      recover(topic) {
        if (owns(topic)) hub.markRecovered(topic);
      },
      lastSampleTs: (topic) => hub.get(topic)?.status.lastSampleTs ?? null,
      polled(topic, durationMs) {
        if (owns(topic)) metrics?.feedPollSeconds.observe({ topic }, durationMs / 1000);
      },
    };
  };

  const declareTopic = (entry: Entry, meta: TopicMeta): void => {
    hub.upsertTopic(meta, entry.limits);
    owners.set(meta.topic, entry);
    entry.topics.add(meta.topic);
  };

  /**
   * The dashboard topics a feed publishes: a change of them restarts it, so it declares the new
   * ones. A topic another feed names exactly is that feed's, whatever template could make it too
   * (`build.queue` of a push feed, not of an MQTT feed's `build.{1}`).
   */
  const namedBy = (config: FeedConfig, set: FeedSet): string[] => {
    // By topic, not identity: an unchanged feed keeps its old config object across a reload.
    const named = new Set(set.feeds.filter((other) => other.topic !== config.topic).map((other) => other.topic));
    return [...set.dashboardTopics].filter((topic) => !named.has(topic) && publishesTopic(config, topic));
  };

  /** Creates a feed and declares its first topics; `inherited` are those its previous version published. */
  const build = (config: FeedConfig, set: FeedSet, inherited: readonly string[] = []): Entry => {
    const named = namedBy(config, set);
    const knownTopics = new Set([...named, ...inherited.filter((topic) => publishesTopic(config, topic))]);
    const feed = createFeed(config, { ...deps, log: log.child({ feed: config.topic }), knownTopics });
    const entry: Entry = { config, named, limits: { ...set.history, ...config.history }, feed, topics: new Set(), running: false, stopped: false };
    for (const meta of feed.topics) declareTopic(entry, meta);
    return entry;
  };

  const run = (entry: Entry): void => {
    entry.running = true;
    try {
      entry.feed.start(sinkFor(entry));
    } catch (err) {
      // A feed that cannot start (a malformed URL the schema let through) must not stop the others.
      log.error({ err, feed: entry.config.topic }, 'feed failed to start');
      for (const topic of entry.topics) hub.markFailure(topic, (err as Error).message, 1);
    }
  };

  const halt = (entry: Entry): void => {
    entry.stopped = true;
    entry.running = false;
    try {
      entry.feed.stop();
    } catch (err) {
      log.error({ err, feed: entry.config.topic }, 'feed failed to stop');
    }
  };

  /** Stops an entry; its topics go, except those `keep` still wants. */
  const retire = (entry: Entry, keep: (topic: string) => boolean = () => false): void => {
    halt(entry);
    for (const topic of entry.topics) {
      if (owners.get(topic) === entry) owners.delete(topic);
      if (!keep(topic)) hub.removeTopic(topic);
    }
  };

  for (const config of initial.feeds) entries.set(config.topic, build(config, initial));

  return {
    start() {
      if (started || stopped) return;
      started = true;
      for (const entry of entries.values()) if (runs(entry.config)) run(entry);
    },
    apply(next) {
      if (stopped) return { added: [], removed: [], restarted: [] };
      current = next;
      const added: string[] = [];
      const removed: string[] = [];
      const restarted: string[] = [];
      const wanted = new Map(next.feeds.map((config) => [config.topic, config]));
      for (const [key, entry] of entries) {
        if (wanted.has(key)) continue;
        retire(entry);
        entries.delete(key);
        removed.push(key);
      }
      for (const config of next.feeds) {
        const current = entries.get(config.topic);
        const limits = { ...next.history, ...config.history };
        if (current && isDeepStrictEqual(current.config, config) && isDeepStrictEqual(current.named, namedBy(config, next))) {
          if (!isDeepStrictEqual(current.limits, limits)) {
            // Only `server.history` changed: the feed goes on, its topics keep more or less.
            current.limits = limits;
            for (const topic of current.topics) {
              const meta = hub.get(topic)?.meta;
              if (meta) hub.upsertTopic(meta, limits);
            }
          }
          continue;
        }
        if (current) {
          const inherited = [...current.topics];
          retire(current, (topic) => publishesTopic(config, topic));
          restarted.push(config.topic);
          const entry = build(config, next, inherited);
          entries.set(config.topic, entry);
          if (started && runs(config)) run(entry);
        } else {
          const entry = build(config, next);
          entries.set(config.topic, entry);
          added.push(config.topic);
          if (started && runs(config)) run(entry);
        }
      }
      return { added, removed, restarted };
    },
    push(topic, token, samples) {
      const feed = owners.get(topic)?.feed;
      if (!feed) return { ok: false, code: ERROR_CODES.TOPIC_UNKNOWN, message: `unknown topic "${echoName(topic)}"` };
      if (!feed.push) return { ok: false, code: ERROR_CODES.TOPIC_NOT_PUSH, message: `"${topic}" is not a push topic: its feed fetches its own samples` };
      return feed.push.accept(token, samples);
    },
    hasTopic: (topic) => owners.has(topic),
    runsTopic: (topic) => owners.get(topic)?.running === true,
    topicsOf: (feed) => [...(entries.get(feed)?.topics ?? [])],
    reconcile() {
      if (!started || stopped) return;
      for (const [key, entry] of entries) {
        const wanted = runs(entry.config);
        if (wanted === entry.running) continue;
        if (wanted && !entry.stopped) {
          run(entry);
          continue;
        }
        // A feed runs once: starting one again, or leaving one ready to, takes a fresh one over its topics.
        if (entry.running) halt(entry);
        const fresh = build(entry.config, current, [...entry.topics]);
        entries.set(key, fresh);
        if (wanted) run(fresh);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const entry of entries.values()) halt(entry);
    },
  };
}
