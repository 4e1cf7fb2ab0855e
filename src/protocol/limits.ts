/** A topic name: dot-separated words, such as `system.cpu` or `stocks.ACME`. */
export const TOPIC_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const MAX_TOPIC_LENGTH = 128;
/** The most topics one `subscribe` or `unsubscribe` request may name. */
export const MAX_TOPICS_PER_REQUEST = 256;
