/**
 * One pushed sample, as `POST /api/topics/<topic>` and the `publish` event take it.
 * `values` holds declared fields only, each a finite number or null; `ts` (epoch ms) defaults
 * to the server's clock on arrival. A `ts` older than the topic's newest sample, or more than
 * `MAX_PUSH_FUTURE_MS` ahead of the server's clock, is refused.
 */
export interface PushSample {
  values: Record<string, number | null>;
  ts?: number;
}

/** `202` answer to a push. */
export interface PushAccepted {
  accepted: number;
}
