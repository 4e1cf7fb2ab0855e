// A TypeScript user of the installed package: type-checked, never run. The @ts-expect-error
// lines prove the types are real (an unresolved import would type everything as any).
import { createLivewallClient, SubscribeError, type ConnectionState, type HistoryEvent, type LivewallClient, type Sample, type TopicStatus } from '@livewall/client';

// Not console: the NodeNext check has neither DOM nor Node types, so the package must need neither.
declare function use(...values: unknown[]): void;

const client: LivewallClient = createLivewallClient({ url: 'http://127.0.0.1:3000', topics: ['stocks.ACME'], socket: { transports: ['websocket'] } });

client.on('samples', (topic: string, samples: Sample[]) => {
  const prices: (number | null | undefined)[] = samples.map((sample) => sample.values.price);
  use(topic, prices, samples.at(-1)?.seq);
});
client.on('history', ({ mode, samples, meta }: HistoryEvent) => use(mode === 'replace', samples.length, meta.fields));
client.on('status', (_topic: string, status: TopicStatus) => use(status));
const off = client.on('state', (state: ConnectionState) => {
  if (state.status === 'reconnecting') use(state.attempt + 1);
});
off();

// @ts-expect-error: a samples listener takes the topic first, a string
client.on('samples', (topic: number) => topic);
// @ts-expect-error: there is no such option
createLivewallClient({ uri: 'http://127.0.0.1:3000' });

client.subscribe(['stocks.GLOBEX']).then(
  (ack) => use(ack.epoch, ack.unknown),
  (err: unknown) => use(err instanceof SubscribeError ? err.kind : err),
);
client.close();
