import type { PublishAck, SampleValues, TopicMeta } from '../protocol';

/**
 * Where a running feed sends what it learns. The runner gives each feed its own sink, which
 * only lets it touch topics it declared.
 */
export interface FeedSink {
  /**
   * Registers a topic found at run time (an MQTT device that spoke for the first time).
   * Returns false when the name is another feed's.
   */
  declare(meta: TopicMeta): boolean;
  /** Publishes a reading of one of the feed's topics, stamped with `ts` (epoch ms). */
  publish(topic: string, values: SampleValues, ts: number): void;
  /** Marks one of the feed's topics failing, with the count of consecutive failures; its history stays. */
  fail(topic: string, error: Error, failures: number): void;
  /** Clears a failure without a sample (a broker came back; its devices speak when they will). */
  recover(topic: string): void;
  /** The timestamp of the topic's newest sample, or null before the first. */
  lastSampleTs(topic: string): number | null;
  /** How long a poll of the topic took, whatever its outcome (for /metrics). */
  polled(topic: string, durationMs: number): void;
}

/**
 * A feed that takes samples pushed to it (`POST /api/topics/<topic>`, the `publish` event)
 * rather than fetching them. It checks the token and every sample, and publishes all of
 * them or none.
 */
export interface PushTarget {
  /** `samples` are as sent: the feed checks them against its own fields. */
  accept(token: string, samples: readonly unknown[]): PublishAck;
}

/**
 * The contract every feed kind implements. A feed publishes one or more topics; how it gets
 * their readings (a poll loop, a broker subscription, pushes) is its own business.
 */
export interface Feed {
  /** The topics it publishes from the start; they are `pending` until their first sample. */
  readonly topics: readonly TopicMeta[];
  /** Starts reading. Called once. */
  start(sink: FeedSink): void;
  /** Stops for good, releasing every timer and connection; the sink is not called after it. Safe to call twice. */
  stop(): void;
  /** Present on feeds that take pushed samples. */
  readonly push?: PushTarget;
}

/** What a polled feed gets for one poll. */
export interface PollContext {
  /** Aborted when the poll times out or the feed stops; pass it to any I/O. */
  signal: AbortSignal;
  /** Epoch ms the poll started at: the sample's timestamp. */
  now: number;
}

/**
 * A feed that reads one topic on an interval (system stats, simulations, an HTTP endpoint).
 * Scheduling, timeouts and back-off are not its business (see `poll-loop.ts`).
 */
export interface Poller {
  readonly meta: TopicMeta;
  /** One poll. Rejects on failure; may be abandoned on timeout. */
  read(context: PollContext): Promise<SampleValues>;
}
