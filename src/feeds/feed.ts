import type { SampleValues, TopicMeta } from '../protocol';

/** What a feed gets for one poll. */
export interface PollContext {
  /** Aborted when the poll times out or the feed stops; pass it to any I/O. */
  signal: AbortSignal;
  /** Epoch ms the poll started at: the sample's timestamp. */
  now: number;
}

/**
 * The contract every polled feed kind implements: it describes its topic and
 * reads one set of values per poll. Scheduling, timeouts, back-off and fan-out
 * are not its business (see `poll-loop.ts`).
 */
export interface Feed {
  readonly meta: TopicMeta;
  /** One poll. Rejects on failure; may be abandoned on timeout. */
  read(context: PollContext): Promise<SampleValues>;
}

/** The last word of a topic: `stocks.ACME` → `ACME`. */
export function lastWordOf(topic: string): string {
  return topic.slice(topic.lastIndexOf('.') + 1);
}

/** Title-cases the last word of a topic: `sensors.greenhouse` → `Greenhouse`. */
export function titleFromTopic(topic: string): string {
  const last = lastWordOf(topic);
  return last.charAt(0).toUpperCase() + last.slice(1);
}
