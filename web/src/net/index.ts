/**
 * `livewall/client`: the connection layer of the Livewall wall display, for
 * people building their own UI. It gets reconnect, backfill and de-duplication right.
 * See docs/client.md.
 */
export { createLivewallClient, SubscribeError } from './livewall-client';
export type { ConnectionState, HistoryEvent, LivewallClient, LivewallClientEvents, LivewallClientOptions, SocketPassThrough } from './livewall-client';
export type { ConfigState, FieldMeta, HelloEvent, Sample, SampleValues, SubscribeOk, TopicMeta, TopicState, TopicStatus } from '../../../src/protocol';
