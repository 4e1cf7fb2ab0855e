/**
 * Stable codes in `{ ok: false, code }` acks. A retired code is never reused.
 */
export const ACK_CODES = {
  /** The payload does not match the event's schema. */
  BAD_REQUEST: 'LIVEWALL_ERR_BAD_REQUEST',
  /** The server failed while handling a valid request. */
  INTERNAL: 'LIVEWALL_ERR_INTERNAL',
} as const;

export type AckCode = (typeof ACK_CODES)[keyof typeof ACK_CODES];

/** The failure half of every ack. */
export interface AckError {
  ok: false;
  code: AckCode;
  message: string;
}
