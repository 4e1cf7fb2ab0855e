/** A topic name: dot-separated words, such as `system.cpu` or `stocks.ACME`. */
export const TOPIC_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const MAX_TOPIC_LENGTH = 128;
/** The most topics one `subscribe` or `unsubscribe` request may name. */
export const MAX_TOPICS_PER_REQUEST = 256;
/**
 * The most topic globs one `subscribe` or `unsubscribe` request may name. Each also counts
 * toward the connection's `maxTopicsPerSocket`, as do the topics it joins.
 */
export const MAX_PATTERNS_PER_REQUEST = 32;
/** The most samples one push (HTTP or `publish`) may carry. */
export const MAX_PUSH_SAMPLES = 1_000;
/** The largest push body, in bytes. */
export const MAX_PUSH_BODY_BYTES = 256 * 1024;
/** How far ahead of the server's clock a pushed `ts` may be. */
export const MAX_PUSH_FUTURE_MS = 60_000;
