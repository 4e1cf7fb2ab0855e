import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS, type Sample, type SubscribeAck, type SubscribeOk } from '../../src/protocol';
import { simulatedConfig } from '../helpers/configs';
import { eventually, startServer, waitFor, type TestServer, type TestSocket } from '../helpers/server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Collects every sample a socket receives, checking each batch only holds samples. */
function collect(socket: TestSocket): Sample[] {
  const received: Sample[] = [];
  socket.on(EVENTS.dashboardUpdate, (batch) => received.push(...batch));
  return received;
}

async function subscribe(socket: TestSocket, request: unknown): Promise<SubscribeAck> {
  return (await socket.timeout(5000).emitWithAck(EVENTS.subscribe, request as never)) as SubscribeAck;
}

async function subscribeOk(socket: TestSocket, request: unknown): Promise<SubscribeOk> {
  const ack = await subscribe(socket, request);
  if (!ack.ok) throw new Error(`subscribe failed: ${ack.message}`);
  return ack;
}

const seqsOf = (samples: Sample[], topic: string) => samples.filter((s) => s.topic === topic).map((s) => s.seq);

describe('subscribe', () => {
  it('delivers a subscribed topic at its configured interval, in order and without gaps', async () => {
    server = await startServer(simulatedConfig());
    const socket = await server.connect();
    const received = collect(socket);
    await subscribeOk(socket, { topics: ['stocks.ACME'] });
    await eventually(() => (received.length >= 10 ? true : undefined), 10_000, '10 samples');
    const seqs = seqsOf(received, 'stocks.ACME');
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
    // Polls tick on the 100 ms grid: never two in one interval, however late a timer fires.
    const ticks = received.map((sample) => Math.floor(sample.ts / 100));
    expect(ticks.slice(1).every((tick, i) => tick > (ticks[i] as number))).toBe(true);
    expect(received[0]?.values).toEqual({ price: expect.any(Number), changePct: expect.any(Number), volume: expect.any(Number) });
  });

  it('never sends a socket a topic it did not subscribe to, also after unsubscribe', async () => {
    server = await startServer(simulatedConfig());
    const [a, b] = [await server.connect(), await server.connect()];
    const [gotA, gotB] = [collect(a), collect(b)];
    await subscribeOk(a, { topics: ['stocks.ACME'] });
    await subscribeOk(b, { topics: ['stocks.GLOBEX', 'sensors.greenhouse'] });
    await eventually(() => (gotA.length >= 5 && gotB.length >= 10 ? true : undefined), 10_000, 'samples on both sockets');
    expect(new Set(gotA.map((s) => s.topic))).toEqual(new Set(['stocks.ACME']));
    expect(new Set(gotB.map((s) => s.topic))).toEqual(new Set(['stocks.GLOBEX', 'sensors.greenhouse']));

    const unsubscribed = await a.timeout(5000).emitWithAck(EVENTS.unsubscribe, { topics: ['stocks.ACME'] });
    expect(unsubscribed).toEqual({ ok: true, topics: ['stocks.ACME'] });
    const countAfterUnsubscribe = gotA.length;
    const bBefore = gotB.length;
    // Let B receive several more samples: A must get none in that time.
    await eventually(() => (gotB.length >= bBefore + 10 ? true : undefined), 10_000, 'more samples on B');
    expect(gotA.length).toBe(countAfterUnsubscribe);
  });

  it('returns unknown topics in `unknown` and joins the rest', async () => {
    server = await startServer(simulatedConfig());
    const socket = await server.connect();
    const ack = await subscribeOk(socket, { topics: ['stocks.ACME', 'stocks.NOPE', 'no.such.topic', 'stocks.ACME'] });
    expect(ack.unknown).toEqual(['stocks.NOPE', 'no.such.topic']);
    expect(ack.topics.map((t) => t.topic)).toEqual(['stocks.ACME']);
    expect(ack.topics[0]?.meta).toMatchObject({ topic: 'stocks.ACME', kind: 'stock', intervalMs: 100 });
  });

  it('backfills a new subscriber with the history so far, joined seamlessly to live samples', async () => {
    server = await startServer(simulatedConfig());
    await eventually(() => (server?.app.hub.get('stocks.ACME')?.history.length ?? 0) >= 5 || undefined, 10_000, 'history');
    const socket = await server.connect();
    const live = collect(socket);
    const ack = await subscribeOk(socket, { topics: ['stocks.ACME'] });
    const entry = ack.topics[0];
    expect(entry?.recovered).toBe(false);
    const history = entry?.history ?? [];
    expect(history.length).toBeGreaterThanOrEqual(5);
    expect(history[0]?.seq).toBe(1);
    await eventually(() => (live.length >= 3 ? true : undefined), 10_000, 'live samples');
    const all = [...history, ...live].map((s) => s.seq);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it('replays only the missed samples to a client that resubscribes with `since` and the epoch', async () => {
    server = await startServer(simulatedConfig());
    const first = await server.connect();
    const before = collect(first);
    const ack = await subscribeOk(first, { topics: ['stocks.ACME', 'stocks.GLOBEX'] });
    await eventually(() => (before.length >= 6 ? true : undefined), 10_000, 'samples');
    first.disconnect();
    const held = [...(ack.topics[0]?.history ?? []), ...before.filter((s) => s.topic === 'stocks.ACME')];
    const lastSeq = held.at(-1)?.seq ?? 0;
    // Miss some samples while away.
    await eventually(() => ((server?.app.hub.get('stocks.ACME')?.history.length ?? 0) >= lastSeq + 5 ? true : undefined), 10_000, 'missed samples');

    const second = await server.connect();
    const after = collect(second);
    const resumed = await subscribeOk(second, { topics: ['stocks.ACME'], since: { 'stocks.ACME': lastSeq }, epoch: ack.epoch });
    const replay = resumed.topics[0];
    expect(replay?.recovered).toBe(true);
    expect(replay?.history[0]?.seq).toBe(lastSeq + 1);
    await eventually(() => (after.length >= 3 ? true : undefined), 10_000, 'live samples after resume');
    const seqs = [...held, ...(replay?.history ?? []), ...after].map((s) => s.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('answers a `since` from another server run (other epoch) with the whole history', async () => {
    server = await startServer(simulatedConfig());
    await eventually(() => (server?.app.hub.get('stocks.ACME')?.history.length ?? 0) >= 3 || undefined, 10_000, 'history');
    const socket = await server.connect();
    const ack = await subscribeOk(socket, { topics: ['stocks.ACME'], since: { 'stocks.ACME': 2 }, epoch: 'an-older-run' });
    expect(ack.topics[0]?.recovered).toBe(false);
    expect(ack.topics[0]?.history[0]?.seq).toBe(1);
    // Without an epoch, a `since` ahead of the newest sample also gets the whole history.
    const ahead = await subscribeOk(socket, { topics: ['stocks.ACME'], since: { 'stocks.ACME': 1_000_000 } });
    expect(ahead.topics[0]?.recovered).toBe(false);
  });
});

describe('malformed requests', () => {
  const bad: [string, unknown][] = [
    ['a string', 'stocks.ACME'],
    ['a number', 42],
    ['null', null],
    ['an array', ['stocks.ACME']],
    ['no topics', {}],
    ['topics not strings', { topics: [1, 2, { x: 1 }] }],
    ['an empty topic list', { topics: [] }],
    ['300 topics, over the 256 a request may name', { topics: Array.from({ length: 300 }, (_, i) => `t.topic${i}`) }],
    ['a 20 KB topic name', { topics: ['x'.repeat(20_000)] }],
    ['a topic with spaces', { topics: ['stocks ACME'] }],
    ['an unknown key', { topics: ['stocks.ACME'], evil: true }],
    ['a negative since', { topics: ['stocks.ACME'], since: { 'stocks.ACME': -1 } }],
    ['a since of strings', { topics: ['stocks.ACME'], since: { 'stocks.ACME': 'x' } }],
  ];

  it.each(bad)('rejects %s with an { ok: false } ack and keeps serving', async (_name, payload) => {
    server = await startServer(simulatedConfig());
    const bystander = await server.connect();
    const bystanderGot = collect(bystander);
    await subscribeOk(bystander, { topics: ['stocks.GLOBEX'] });

    const socket = await server.connect();
    const ack = await subscribe(socket, payload);
    expect(ack).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_REQUEST_INVALID', message: expect.any(String) });
    if (!ack.ok) expect(ack.message.length).toBeLessThanOrEqual(501);
    // The same socket can still subscribe, and the bystander never noticed.
    const received = collect(socket);
    await subscribeOk(socket, { topics: ['stocks.ACME'] });
    await eventually(() => (received.length >= 2 && bystanderGot.length >= 5 ? true : undefined), 10_000, 'samples after a bad request');
  });

  it('tolerates requests without an ack callback, and an ack passed as the payload', async () => {
    server = await startServer(simulatedConfig());
    const socket = await server.connect();
    socket.emit(EVENTS.subscribe, 'garbage' as never, undefined as never);
    socket.emit(EVENTS.unsubscribe, { topics: ['stocks.ACME'] }, undefined as never);
    const ack = await new Promise<SubscribeAck>((resolve) => (socket.emit as (event: string, cb: (a: SubscribeAck) => void) => void)(EVENTS.subscribe, resolve));
    expect(ack).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_REQUEST_INVALID' });
    await subscribeOk(socket, { topics: ['stocks.ACME'] });
  });

  it('drops a socket that sends more than the payload limit, and only that socket', async () => {
    server = await startServer(simulatedConfig());
    const bystander = await server.connect();
    const bystanderGot = collect(bystander);
    await subscribeOk(bystander, { topics: ['stocks.GLOBEX'] });
    const hog = await server.connect();
    const disconnected = waitFor(hog, 'disconnect');
    // Over 64 KB: refused by engine.io before any parsing.
    hog.emit(EVENTS.subscribe, { topics: ['x'.repeat(100_000)] }, () => {});
    await disconnected;
    const count = bystanderGot.length;
    await eventually(() => (bystanderGot.length >= count + 3 ? true : undefined), 10_000, 'bystander samples');
  });
});
