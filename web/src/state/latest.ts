import type { Sample, SampleValues, TopicMeta, TopicStatus } from '../../../src/protocol';
import { staleness, type Staleness } from './stale';

/**
 * What a `table` row or a `status` tile knows of its topic: the newest values, the feed's
 * status, and when the topic last showed life. It keeps no history: one sample per topic,
 * however long the wall runs.
 */
export interface Latest {
  meta: TopicMeta;
  status: TopicStatus;
  values: SampleValues | undefined;
  /** When the topic last showed life, on the wall's clock (live samples are timed on arrival). */
  lastSeen: number;
}

export function createLatest(meta: TopicMeta, status: TopicStatus, now: number): Latest {
  return { meta, status, values: undefined, lastSeen: Math.min(status.lastSampleTs ?? Infinity, now) };
}

/** Takes samples: from an ack (judged by their own timestamps) or live (timed on arrival). */
export function takeSamples(latest: Latest, samples: readonly Sample[], live: boolean, now: number): void {
  const newest = samples.at(-1);
  if (!newest) return;
  latest.values = newest.values;
  // A skewed server clock must not make a live topic look stale.
  latest.lastSeen = live ? now : Math.max(latest.lastSeen, newest.ts);
}

export function takeStatus(latest: Latest, status: TopicStatus, now: number): void {
  latest.status = status;
  if (status.lastSampleTs !== null) latest.lastSeen = Math.max(latest.lastSeen, Math.min(status.lastSampleTs, now));
}

export function latestStaleness(latest: Latest, now: number): Staleness {
  return staleness(latest.lastSeen, latest.meta.intervalMs, now);
}
