import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type Sample } from '../../src/protocol';
import { MAX_FLUSHES_PER_SEC } from '../../src/socket/fan-out';
import { SLOW_ROOM } from '../../src/socket/rooms';
import { backlogOf, watchSlowViewers } from '../../src/socket/slow-viewers';
import type { LivewallServer } from '../../src/socket/types';
import { eventually, startServer, type TestServer, type TestSocket } from '../helpers/server';

const TOKEN = 'fan-out-test-token-0123456';

const config: ConfigInput = {
  // The burst test publishes 200 times in a row over one socket.
  server: { logLevel: 'silent', limits: { maxEventsPerSecond: 10_000 } },
  feeds: [
    { kind: 'stock', topic: 'stocks.A', intervalMs: 100, seed: 1 },
    { kind: 'stock', topic: 'stocks.B', intervalMs: 100, seed: 2 },
    { kind: 'stock', topic: 'stocks.C', intervalMs: 100, seed: 3 },
    { kind: 'push', topic: 'fast.burst', fields: [{ name: 'v' }], token: TOKEN, maxSamplesPerSec: 10_000 },
  ],
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function frames(socket: TestSocket): Sample[][] {
  const got: Sample[][] = [];
  socket.on(EVENTS.dashboardUpdate, (batch) => got.push(batch));
  return got;
}

async function subscribe(socket: TestSocket, topics: string[]): Promise<void> {
  const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics });
  if (!ack.ok) throw new Error(ack.message);
}

const setRooms = (s: TestServer): string[] => [...s.app.io.of('/').adapter.rooms.keys()].filter((room) => room.startsWith('set:'));

describe('batched fan-out', () => {
  it('sends each viewer one batch per tick, holding every one of its topics, in seq order and without gaps', async () => {
    server = await startServer(config);
    const socket = await server.connect();
    const got = frames(socket);
    await subscribe(socket, ['stocks.A', 'stocks.B', 'stocks.C']);
    await eventually(() => (got.length >= 10 ? true : undefined), 10_000, '10 batches');
    // Feeds on one interval tick together, so (nearly) every batch holds all three topics.
    const full = got.filter((batch) => new Set(batch.map((sample) => sample.topic)).size === 3).length;
    expect(full).toBeGreaterThanOrEqual(got.length - 2);
    for (const topic of ['stocks.A', 'stocks.B', 'stocks.C']) {
      const seqs = got.flat().filter((sample) => sample.topic === topic).map((sample) => sample.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
    }
  });

  it('merges a topic faster than a screen can show into at most 20 batches a second, losing nothing', async () => {
    server = await startServer(config);
    const viewer = await server.connect();
    const got = frames(viewer);
    await subscribe(viewer, ['fast.burst']);
    const pusher = await server.connect();
    const started = Date.now();
    for (let i = 0; i < 200; i += 1) {
      const ack = await pusher.timeout(5000).emitWithAck(EVENTS.publish, { topic: 'fast.burst', token: TOKEN, samples: [{ values: { v: i } }] });
      expect(ack).toEqual({ ok: true, accepted: 1 });
    }
    await eventually(() => (got.flat().length >= 200 ? true : undefined), 10_000, '200 samples');
    const seconds = (Date.now() - started) / 1000;
    expect(got.flat().map((sample) => sample.values.v)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(got.length).toBeLessThanOrEqual(Math.ceil(seconds * MAX_FLUSHES_PER_SEC) + 1);
    expect(got.length).toBeLessThan(200);
  });

  it('groups viewers by their exact set of topics, one set room each, and forgets a set nobody has', async () => {
    server = await startServer(config);
    const [a, b, c] = [await server.connect(), await server.connect(), await server.connect()];
    await subscribe(a, ['stocks.A', 'stocks.B']);
    await subscribe(b, ['stocks.B', 'stocks.A']);
    await subscribe(c, ['stocks.A']);
    expect(setRooms(server)).toHaveLength(2);
    await c.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.B'] });
    expect(setRooms(server)).toHaveLength(1);
    const got = frames(c);
    await eventually(() => (got.length >= 2 ? true : undefined), 10_000, 'batches for the joined set');
    expect(new Set(got.flat().map((sample) => sample.topic))).toEqual(new Set(['stocks.A', 'stocks.B']));
    a.disconnect();
    b.disconnect();
    c.disconnect();
    await eventually(() => (setRooms(server as TestServer).length === 0 ? true : undefined), 5_000, 'no set rooms');
  });

  it('skips a viewer in the slow room, and only that one', async () => {
    server = await startServer(config);
    const [slow, fine] = [await server.connect(), await server.connect()];
    const [gotSlow, gotFine] = [frames(slow), frames(fine)];
    await subscribe(slow, ['stocks.A']);
    await subscribe(fine, ['stocks.A']);
    server.app.io.in(slow.id as string).socketsJoin(SLOW_ROOM);
    const [slowBefore, fineBefore] = [gotSlow.length, gotFine.length];
    await eventually(() => (gotFine.length >= fineBefore + 5 ? true : undefined), 10_000, 'batches for the other viewer');
    expect(gotSlow.length).toBeLessThanOrEqual(slowBefore + 1);
  });
});

describe('the slow-viewer watch', () => {
  let io: LivewallServer | undefined;
  afterEach(async () => {
    await io?.close();
    io = undefined;
  });

  it('moves a long-polling viewer that stopped polling to the slow room, and back once it drains', async () => {
    const http = createServer();
    io = new Server(http, { pingInterval: 60_000, pingTimeout: 60_000 });
    const slow = watchSlowViewers(io, () => ({ maxViewerBacklogBytes: 1_000, slowViewerGraceMs: 60_000 }), { queuedPackets: 2 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/?EIO=4&transport=polling`;
    try {
      // A raw engine.io long-polling client: open, connect to the namespace, then stop polling.
      const open = await (await fetch(base)).text();
      const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
      await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40' });
      await (await fetch(`${base}&sid=${sid}`)).text();
      const socket = await eventually(() => io?.of('/').sockets.values().next().value, 5_000, 'the socket');
      for (let i = 0; i < 10; i += 1) socket.emit(EVENTS.dashboardUpdate, []);
      expect(backlogOf(socket).packets).toBeGreaterThan(2);
      await eventually(() => (socket.rooms.has(SLOW_ROOM) ? true : undefined), 5_000, 'the slow room');

      // It polls again: its backlog drains, and it is let back in.
      await (await fetch(`${base}&sid=${sid}`)).text();
      expect(backlogOf(socket).packets).toBe(0);
      await eventually(() => (socket.rooms.has(SLOW_ROOM) ? undefined : true), 5_000, 'out of the slow room');
    } finally {
      slow.stop();
    }
  });
});
