/** A plotted field of a topic. */
export interface FieldMeta {
  name: string;
  label: string;
  unit?: string;
}

/** Where a topic's samples come from. */
export type TopicKind = 'system' | 'stock' | 'sensor';

/** What a topic is: static for the life of a server run. */
export interface TopicMeta {
  topic: string;
  title: string;
  kind: TopicKind;
  unit?: string;
  fields: FieldMeta[];
  /** How often the feed is polled, so a viewer can tell when the topic is stale. */
  intervalMs: number;
}

/**
 * How a topic's feed is doing right now.
 * `pending`: no poll has finished yet; `ok`: the last poll succeeded;
 * `error`: the last poll failed or timed out, and the feed is backing off.
 */
export type TopicState = 'pending' | 'ok' | 'error';

export interface TopicStatus {
  state: TopicState;
  /** Epoch ms of the last state change. */
  since: number;
  /** Epoch ms of the newest sample, or null before the first. */
  lastSampleTs: number | null;
  /** Why the feed is failing; present only in the `error` state. */
  error?: string;
  /** Consecutive failed polls. */
  failures: number;
}

/** A topic as `/api/topics` and the subscribe ack describe it. */
export interface TopicInfo {
  meta: TopicMeta;
  status: TopicStatus;
}
