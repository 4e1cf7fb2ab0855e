/**
 * Stable error codes of the server. A retired code is never reused.
 */
export const ERROR_CODES = {
  CONFIG_UNREADABLE: 'LIVEWALL_ERR_CONFIG_UNREADABLE',
  CONFIG_NOT_JSON: 'LIVEWALL_ERR_CONFIG_NOT_JSON',
  CONFIG_INVALID: 'LIVEWALL_ERR_CONFIG_INVALID',
  FEED_TIMEOUT: 'LIVEWALL_ERR_FEED_TIMEOUT',
  FEED_BAD_READING: 'LIVEWALL_ERR_FEED_BAD_READING',
  TOPIC_UNKNOWN: 'LIVEWALL_ERR_TOPIC_UNKNOWN',
  NOT_FOUND: 'LIVEWALL_ERR_NOT_FOUND',
  REQUEST_INVALID: 'LIVEWALL_ERR_REQUEST_INVALID',
  INTERNAL: 'LIVEWALL_ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** An error that carries a stable code, for logs, exit messages and HTTP bodies. */
export class LivewallError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LivewallError';
    this.code = code;
  }
}
