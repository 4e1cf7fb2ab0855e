/**
 * Every stable error code Livewall gives, over HTTP (`{ error: { code, message } }`), in socket
 * acks (`{ ok: false, code, message }`), in exit messages and in logs. One table for all of them:
 * the same mistake has the same code wherever it is made. A retired code is never reused
 * (retired: `LIVEWALL_ERR_BAD_REQUEST`, now `LIVEWALL_ERR_REQUEST_INVALID` on the socket too).
 */
export const ERROR_CODES = {
  /** The config file cannot be read. */
  CONFIG_UNREADABLE: 'LIVEWALL_ERR_CONFIG_UNREADABLE',
  /** The config file is not JSON. */
  CONFIG_NOT_JSON: 'LIVEWALL_ERR_CONFIG_NOT_JSON',
  /** The config file breaks the schema, names an unknown topic, or an unset `${VAR}`. */
  CONFIG_INVALID: 'LIVEWALL_ERR_CONFIG_INVALID',
  /** A feed's poll took longer than its `timeoutMs`, or the feed stopped during it. */
  FEED_TIMEOUT: 'LIVEWALL_ERR_FEED_TIMEOUT',
  /** A feed got an answer it cannot turn into a reading (bad JSON, a path that finds nothing, a zero memory total). */
  FEED_BAD_READING: 'LIVEWALL_ERR_FEED_BAD_READING',
  /** A feed's source is unreachable or answered with an error (an HTTP 500, a broker that is down). */
  FEED_UNREACHABLE: 'LIVEWALL_ERR_FEED_UNREACHABLE',
  /** No such topic. */
  TOPIC_UNKNOWN: 'LIVEWALL_ERR_TOPIC_UNKNOWN',
  /** The topic exists but does not take pushed samples. */
  TOPIC_NOT_PUSH: 'LIVEWALL_ERR_TOPIC_NOT_PUSH',
  /** No route, or no such resource. */
  NOT_FOUND: 'LIVEWALL_ERR_NOT_FOUND',
  /** The request does not match its schema; the message lists every problem with its path. */
  REQUEST_INVALID: 'LIVEWALL_ERR_REQUEST_INVALID',
  /** The request body is larger than the server takes. */
  REQUEST_TOO_LARGE: 'LIVEWALL_ERR_REQUEST_TOO_LARGE',
  /** No token, or a token that is not the topic's (a push) or not a viewer token (with `server.viewerTokens`). */
  UNAUTHORIZED: 'LIVEWALL_ERR_UNAUTHORIZED',
  /** Over a rate limit; try again later. */
  RATE_LIMITED: 'LIVEWALL_ERR_RATE_LIMITED',
  /** Over a bound on what one client may hold (topics per connection, …); the message names it. */
  LIMIT_EXCEEDED: 'LIVEWALL_ERR_LIMIT_EXCEEDED',
  /** A browser page from an origin the server does not allow (`server.allowedOrigins`). */
  ORIGIN_REFUSED: 'LIVEWALL_ERR_ORIGIN_REFUSED',
  /** The history store cannot be opened (a corrupt or unwritable file): the server runs with history in memory only. */
  STORAGE_UNAVAILABLE: 'LIVEWALL_ERR_STORAGE_UNAVAILABLE',
  /** In a cluster, no node runs the topic's feed right now (one is taking it over); try again in a few seconds. */
  FEED_UNAVAILABLE: 'LIVEWALL_ERR_FEED_UNAVAILABLE',
  /** The server failed while handling a valid request. */
  INTERNAL: 'LIVEWALL_ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The failure half of every socket ack. */
export interface AckError {
  ok: false;
  code: ErrorCode;
  message: string;
}
