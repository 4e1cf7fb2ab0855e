import type { AckError } from './ack-codes';
import type { Sample } from './sample';
import type { TopicMeta, TopicStatus } from './topic';

/**
 * Every Socket.IO event name, declared once. Server and browser import these,
 * so a misspelt event is a compile error.
 */
export const EVENTS = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  dashboardUpdate: 'dashboard update',
  topicStatus: 'topic status',
  hello: 'hello',
} as const;

/** Sent by the server on every connection. */
export interface HelloEvent {
  /** The server's build; a wall that loaded another build reloads itself (a deploy happened). */
  build: string;
  /** This server run; see `SubscribeRequest.epoch`. */
  epoch: string;
  /** The server's clock (epoch ms) when it sent this, so a client can correct its own. */
  now: number;
}

/** `subscribe` payload. `since` maps topic → the last `seq` the client holds. */
export interface SubscribeRequest {
  topics: string[];
  since?: Record<string, number>;
  /** The `epoch` of the ack that `since` came from; a different one means the server restarted. */
  epoch?: string;
}

export interface SubscribedTopic {
  topic: string;
  meta: TopicMeta;
  status: TopicStatus;
  /**
   * `true`: `history` holds exactly the samples after `since[topic]`, so append it.
   * `false`: `history` is the whole buffer, so replace what you hold.
   */
  recovered: boolean;
  history: Sample[];
}

export interface SubscribeOk {
  ok: true;
  /** Identifies this server run; send it back with `since` when you resubscribe. */
  epoch: string;
  topics: SubscribedTopic[];
  /** Requested topics that do not exist; the socket did not join them. */
  unknown: string[];
}

export type SubscribeAck = SubscribeOk | AckError;

export interface UnsubscribeRequest {
  topics: string[];
}

export type UnsubscribeAck = { ok: true; topics: string[] } | AckError;

/** A status change of a topic the socket subscribed to. */
export interface TopicStatusEvent {
  topic: string;
  status: TopicStatus;
}

export interface ClientToServerEvents {
  [EVENTS.subscribe]: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  [EVENTS.unsubscribe]: (request: UnsubscribeRequest, ack: (response: UnsubscribeAck) => void) => void;
}

export interface ServerToClientEvents {
  /** A batch of samples, only of topics this socket subscribed to, in `seq` order per topic. */
  [EVENTS.dashboardUpdate]: (batch: Sample[]) => void;
  [EVENTS.topicStatus]: (event: TopicStatusEvent) => void;
  [EVENTS.hello]: (event: HelloEvent) => void;
}
