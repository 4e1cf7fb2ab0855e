/** A plotted field of a topic. */
export interface FieldMeta {
  name: string;
  label: string;
  unit?: string;
}

/** What a topic is. It changes only when the config does (see the `config changed` event). */
export interface TopicMeta {
  topic: string;
  title: string;
  /** The feed kind that publishes it: `system`, `stock`, `sensor`, `push`, `http`, `mqtt`. */
  kind: string;
  unit?: string;
  fields: FieldMeta[];
  /**
   * How often samples are expected (a polled feed's interval, or a push or MQTT topic's
   * `expectedIntervalMs`), so a viewer can tell when the topic is stale; null when nothing
   * is expected at any rate, and then the topic is never stale.
   */
  intervalMs: number | null;
}

/**
 * How a topic's feed is doing right now.
 * `pending`: no sample yet; `ok`: the last poll or message was good;
 * `error`: the last poll failed or timed out (the feed is backing off), or its source is unreachable.
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
