/**
 * `@livewall/client`: the connection layer of the Livewall wall display, for
 * people building their own UI in a browser or in Node. It gets reconnect,
 * backfill and de-duplication right. See docs/client.md.
 */
// Relative imports carry `.js`, and `src/protocol` is reached only through its index (which
// has no zod): the published declarations resolve under `nodenext` and carry no server types.
export { createLivewallClient, SubscribeError } from './livewall-client.js';
export type { ConnectionState, HistoryEvent, LivewallClient, LivewallClientEvents, LivewallClientOptions, SocketPassThrough } from './livewall-client.js';
export type { ConfigState, FieldMeta, HelloEvent, Sample, SampleValues, SubscribeOk, TopicMeta, TopicState, TopicStatus } from '../../../src/protocol/index.js';
