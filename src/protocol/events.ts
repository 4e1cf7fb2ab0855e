import type { AckError } from './error-codes.js';
import type { HistoryRange } from './history.js';
import type { PushSample } from './push.js';
import type { Sample } from './sample.js';
import type { TopicMeta, TopicStatus } from './topic.js';

/**
 * Every Socket.IO event name, declared once. Server and browser import these,
 * so a misspelt event is a compile error.
 */
export const EVENTS = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  publish: 'publish',
  dashboardUpdate: 'dashboard update',
  topicStatus: 'topic status',
  topicJoined: 'topic joined',
  configChanged: 'config changed',
  goingAway: 'going away',
  hello: 'hello',
} as const;

/**
 * Which config the server runs, and whether the file on disk is good. `ok: false` means
 * the last edit of the file was refused: the server keeps running the last good config
 * (`version`) and `problems` says what is wrong with the file, one `path: message` each.
 */
export interface ConfigState {
  /** Identifies the running config's content; a wall that laid itself out from another one re-lays out. */
  version: string;
  ok: boolean;
  problems: string[];
}

/** Sent by the server on every connection. */
export interface HelloEvent {
  /** The server's build; a wall that loaded another build reloads itself (a deploy happened). */
  build: string;
  /** This server run; see `SubscribeRequest.epoch`. */
  epoch: string;
  /** The server's clock (epoch ms) when it sent this, so a client can correct its own. */
  now: number;
  config: ConfigState;
}

/** `subscribe` payload. `since` maps topic → the last `seq` the client holds. */
export interface SubscribeRequest {
  /** Topic names; may be empty when `patterns` names some. */
  topics: string[];
  /**
   * Topic globs (`"build.*"`, see `topic-glob.ts`): the ack holds every topic that matches now,
   * and each topic that appears later and matches is sent as a `topic joined` event, the socket
   * already in its room. Each glob counts toward the connection's topic limit, as do the topics it joins.
   */
  patterns?: string[];
  since?: Record<string, number>;
  /** The `epoch` of the ack that `since` came from; a different one means the server restarted. */
  epoch?: string;
  /**
   * How far back the client draws (`"24h"`, `"7d"`): when it reaches beyond `history`, the ack
   * adds `older`, from the history store's roll-ups.
   */
  window?: string;
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
  /**
   * `true` when the ack's size limit left older samples out: `history` holds the newest that fit
   * (and `recovered` is then false). Page the rest through `GET /api/topics/:topic/history?before=SEQ`.
   */
  truncated?: boolean;
  /**
   * With a `window` longer than `history` covers: the part of the window before `history`,
   * from the store (1-minute or 1-hour roll-ups, or raw samples when they still cover it).
   */
  older?: HistoryRange;
}

export interface SubscribeOk {
  ok: true;
  /** Identifies this server run; send it back with `since` when you resubscribe. */
  epoch: string;
  topics: SubscribedTopic[];
  /** Requested topics that do not exist, or that this viewer's token does not cover; the socket did not join them. */
  unknown: string[];
  /** Every glob the socket holds now, this request's included; present when it holds any. */
  patterns?: string[];
}

/**
 * A topic that appeared after a `subscribe` with `patterns` (an MQTT device that spoke for the
 * first time) and matches one of them: the socket is in its room already, and this is its
 * ack entry, so a client fills it exactly as it does a subscribed topic.
 */
export interface TopicJoinedEvent extends SubscribedTopic {
  /** The glob it matched (the first, when several do). */
  pattern: string;
}

export type SubscribeAck = SubscribeOk | AckError;

export interface UnsubscribeRequest {
  topics: string[];
  /** Globs to drop: topics they joined stay subscribed until named in `topics`. */
  patterns?: string[];
}

export type UnsubscribeAck = { ok: true; topics: string[]; patterns?: string[] } | AckError;

/** `publish` payload: samples for a push topic, with that topic's token. */
export interface PublishRequest {
  topic: string;
  token: string;
  samples: PushSample[];
}

/** `accepted`: how many samples were published; a refused request publishes none. */
export type PublishAck = { ok: true; accepted: number } | AckError;

/** A status change of a topic the socket subscribed to. */
export interface TopicStatusEvent {
  topic: string;
  status: TopicStatus;
}

export interface ClientToServerEvents {
  [EVENTS.subscribe]: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  [EVENTS.unsubscribe]: (request: UnsubscribeRequest, ack: (response: UnsubscribeAck) => void) => void;
  [EVENTS.publish]: (request: PublishRequest, ack: (response: PublishAck) => void) => void;
}

export interface ServerToClientEvents {
  /** A batch of samples, only of topics this socket subscribed to, in `seq` order per topic. */
  [EVENTS.dashboardUpdate]: (batch: Sample[]) => void;
  [EVENTS.topicStatus]: (event: TopicStatusEvent) => void;
  /** A topic that appeared and matches one of the socket's `patterns`; it is subscribed already. */
  [EVENTS.topicJoined]: (event: TopicJoinedEvent) => void;
  /** The config was reloaded (feeds or dashboards changed), or an edit of its file was refused. */
  [EVENTS.configChanged]: (event: ConfigState) => void;
  [EVENTS.hello]: (event: HelloEvent) => void;
  /** The server is about to close this connection (it is shutting down); reconnect later. */
  [EVENTS.goingAway]: (event: { reason: string }) => void;
}
