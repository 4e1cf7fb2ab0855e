import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type HistoryResponse, type Sample, type SubscribeAck } from '../../src/protocol';
import { createLivewallClient, type LivewallClient } from '../../web/src/net/index';
import { eventually, startServer, type TestServer } from '../helpers/server';

// Topic names are data: names an object has already (its prototype's) must be topics like any other.
const NAMES = ['constructor', '__proto__', 'toString'];
const TOKEN = 'prototype-names-token-012345';

const config: ConfigInput = {
  server: { logLevel: 'silent' },
  feeds: NAMES.map((topic) => ({ kind: 'push' as const, topic, fields: [{ name: 'v' }], token: TOKEN })),
  dashboards: [{ id: 'odd', title: 'Odd names', panels: NAMES.map((topic) => ({ topic })) }],
};

let server: TestServer | undefined;
let client: LivewallClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function push(topic: string, v: number): Promise<void> {
  const res = await fetch(`${server?.url}/api/topics/${topic}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ values: { v } }) });
  expect(res.status).toBe(202);
}

describe('topics named like Object.prototype members', () => {
  it('are published, subscribed, resumed with since after a reconnect, and paged over HTTP like any other', async () => {
    server = await startServer(config);
    client = createLivewallClient({ url: server.url, topics: NAMES, reconnectDelayMs: 50, reconnectDelayMaxMs: 100, socket: { transports: ['websocket'] } });
    const got = new Map<string, number[]>(NAMES.map((name) => [name, []]));
    const modes: string[] = [];
    client.on('history', ({ topic, mode, samples }) => {
      modes.push(`${topic}:${mode}:${samples.length}`);
      got.get(topic)?.push(...samples.map((s: Sample) => s.values.v as number));
    });
    client.on('samples', (topic, samples) => got.get(topic)?.push(...samples.map((s) => s.values.v as number)));
    await eventually(() => (modes.length === 3 ? true : undefined), 5_000, 'three backfills');
    for (const name of NAMES) await push(name, 1);
    await eventually(() => ([...got.values()].every((values) => values.length === 1) ? true : undefined), 5_000, 'live samples');

    // Dropped by the server: while away, each topic gets two samples, which the reconnect must recover exactly.
    const reconnected = new Promise<void>((resolve) => client?.on('state', (state) => state.status === 'connected' && resolve()));
    server.app.io.disconnectSockets();
    for (const name of NAMES) {
      await push(name, 2);
      await push(name, 3);
    }
    await reconnected;
    await eventually(() => ([...got.values()].every((values) => values.length === 3) ? true : undefined), 5_000, 'recovered samples');
    for (const name of NAMES) expect(got.get(name)).toEqual([1, 2, 3]);
    // Each resumed from where it was (append), none started over (replace).
    expect(modes.slice(3)).toHaveLength(3);
    expect(modes.slice(3).every((mode) => mode.includes(':append:'))).toBe(true);

    for (const name of NAMES) {
      const history = (await (await fetch(`${server.url}/api/topics/${name}/history?since=1`)).json()) as HistoryResponse;
      expect({ topic: history.topic, recovered: history.recovered, values: history.samples.map((s) => s.values.v) }).toEqual({ topic: name, recovered: true, values: [2, 3] });
    }
  });
});

describe('a since that leaves a prototype-named topic out', () => {
  it('does not find that topic on the object\'s prototype: the topic gets its whole history', async () => {
    server = await startServer(config);
    for (const name of NAMES) await push(name, 1);
    const socket = await server.connect();
    const since = JSON.parse('{"__proto__": 1}') as Record<string, number>;
    const ack: SubscribeAck = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['toString', 'constructor'], since, epoch: server.app.hub.epoch });
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.topics.map((t) => [t.topic, t.recovered, t.history.length])).toEqual([
      ['toString', false, 1],
      ['constructor', false, 1],
    ]);
  });
});
