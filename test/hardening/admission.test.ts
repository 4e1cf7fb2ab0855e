import { connect as connectTcp } from 'node:net';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type SubscribeAck } from '../../src/protocol';
import { simulatedConfig } from '../helpers/configs';
import { eventually, startServer, waitFor, type TestServer } from '../helpers/server';

let server: TestServer | undefined;
const opened: { disconnect(): unknown }[] = [];
afterEach(async () => {
  for (const socket of opened.splice(0)) socket.disconnect();
  await server?.close();
  server = undefined;
});

/** A socket.io-client socket with extra handshake headers (Node's client may set Origin). */
function client(url: string, options: { origin?: string; transports?: ('websocket' | 'polling')[]; token?: string } = {}) {
  const socket = connect(url, {
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.origin === undefined ? {} : { extraHeaders: { origin: options.origin } }),
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
  });
  opened.push(socket);
  return socket;
}

/** Resolves 'connected', or the connect_error's message. */
function outcome(socket: ReturnType<typeof client>): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { context?: { responseText?: string } }) => resolve(`refused: ${err.message} ${err.context?.responseText ?? ''}`));
  });
}

describe('origins', () => {
  it('lets in pages of the server\'s own origin, localhost and the allowlist, and clients with no Origin; refuses others over WebSocket and polling', async () => {
    server = await startServer(simulatedConfig({ server: { logLevel: 'silent', allowedOrigins: ['https://wall.example.com'] } }));
    const own = `http://127.0.0.1:${server.port}`;
    for (const origin of [undefined, own, 'http://localhost:5173', 'https://wall.example.com']) {
      expect({ origin, result: await outcome(client(server.url, origin === undefined ? {} : { origin })) }).toEqual({ origin, result: 'connected' });
    }
    for (const origin of ['http://evil.example', 'null', 'file://', 'https://wall.example.com.evil.example']) {
      for (const transports of [['websocket'], ['polling']] as const) {
        const result = await outcome(client(server.url, { origin, transports: [...transports] }));
        expect({ origin, transports, refused: result.startsWith('refused') }).toEqual({ origin, transports, refused: true });
      }
    }
    // The polling handshake's 403 says why.
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('is not allowed (server.allowedOrigins)');
  });

  it('refuses API requests from pages of other origins, with a coded error', async () => {
    server = await startServer(simulatedConfig());
    const refused = await fetch(`${server.url}/api/topics`, { headers: { origin: 'http://evil.example' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('LIVEWALL_ERR_ORIGIN_REFUSED');
    expect((await fetch(`${server.url}/api/topics`, { headers: { origin: `http://127.0.0.1:${server.port}` } })).status).toBe(200);
  });
});

describe('connection caps', () => {
  /** A polling handshake's answer: its 403 carries the reason a WebSocket upgrade cannot show. */
  const handshake = async (s: TestServer): Promise<string> => {
    const res = await fetch(`${s.url}/socket.io/?EIO=4&transport=polling`);
    return `${res.status} ${await res.text()}`;
  };

  it('refuses connections over the per-address cap, and takes them again once some close', async () => {
    server = await startServer(simulatedConfig({ server: { logLevel: 'silent', limits: { maxConnectionsPerAddress: 3 } } }));
    const first = [client(server.url), client(server.url), client(server.url)];
    expect(await Promise.all(first.map(outcome))).toEqual(['connected', 'connected', 'connected']);
    expect(await outcome(client(server.url))).toMatch(/^refused/);
    expect(await handshake(server)).toContain('this address is at its limit of 3 connections');
    first[0]?.disconnect();
    // The server counts the slot free once it has seen the close.
    await eventually(() => (server?.app.io.engine.clientsCount === 2 ? true : undefined), 5_000, 'the close');
    expect(await outcome(client(server.url))).toBe('connected');
  });

  it('refuses connections over the total cap', async () => {
    server = await startServer(simulatedConfig({ server: { logLevel: 'silent', limits: { maxConnections: 2 } } }));
    expect(await Promise.all([outcome(client(server.url)), outcome(client(server.url))])).toEqual(['connected', 'connected']);
    expect(await handshake(server)).toContain('the server is at its limit of 2 connections');
  });
});

describe('what one socket may send', () => {
  it('closes a socket that sends a binary packet, before any attachment piles up, and only that one', async () => {
    server = await startServer(simulatedConfig());
    const bystander = await server.connect();
    const got: unknown[] = [];
    bystander.on(EVENTS.dashboardUpdate, (batch) => got.push(...batch));
    await bystander.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME'] });
    const binary = await server.connect();
    const closed = waitFor(binary, 'disconnect');
    binary.emit(EVENTS.subscribe, { topics: ['stocks.ACME'], blob: Buffer.alloc(1_000) } as never, () => undefined);
    expect(await closed).toBe('transport close');
    const count = got.length;
    await eventually(() => (got.length >= count + 3 ? true : undefined), 5_000, 'the bystander keeps receiving');
  });

  it('answers events over the rate with LIVEWALL_ERR_RATE_LIMITED, and cuts a socket that keeps going', async () => {
    server = await startServer(simulatedConfig({ server: { logLevel: 'silent', limits: { maxEventsPerSecond: 5 } } }));
    const socket = await server.connect();
    const acks: SubscribeAck[] = await Promise.all(Array.from({ length: 15 }, () => socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME'] })));
    // A burst of twice the rate goes through; the rest is refused.
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    expect(acks.filter((ack) => !ack.ok)[0]).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_RATE_LIMITED' });
    const closed = waitFor(socket, 'disconnect');
    const emitRaw = socket.emit.bind(socket) as unknown as (event: string) => void;
    for (let i = 0; i < 200; i += 1) emitRaw('no such event');
    expect(await closed).toBe('io server disconnect');
  });

  it('caps the topics one socket holds', async () => {
    const feeds = Array.from({ length: 6 }, (_, i) => ({ kind: 'stock' as const, topic: `stocks.S${i}`, intervalMs: 1000, seed: i + 1 }));
    server = await startServer({ server: { logLevel: 'silent', limits: { maxTopicsPerSocket: 4 } }, feeds } satisfies ConfigInput);
    const socket = await server.connect();
    expect((await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.S0', 'stocks.S1', 'stocks.S2'] })).ok).toBe(true);
    const over = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.S3', 'stocks.S4'] });
    expect(over).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_LIMIT_EXCEEDED', message: 'a connection may hold 4 topics; this one holds 3 and asked for 2 more' });
    // Topics it holds already do not count twice.
    expect((await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.S0', 'stocks.S3'] })).ok).toBe(true);
  });

  it('keeps a subscribe ack within its size budget, and pages the rest over HTTP', async () => {
    const feeds = Array.from({ length: 4 }, (_, i) => ({ kind: 'stock' as const, topic: `stocks.S${i}`, intervalMs: 100, seed: i + 1 }));
    server = await startServer({ server: { logLevel: 'silent', history: { maxSamples: 1000 }, limits: { maxAckHistoryBytes: 8_192 } }, feeds } satisfies ConfigInput);
    await eventually(() => ((server?.app.hub.get('stocks.S3')?.history.length ?? 0) >= 60 ? true : undefined), 15_000, '60 samples each');
    const socket = await server.connect();
    let ackBytes = 0;
    const ack = await new Promise<SubscribeAck>((resolve) => {
      socket.emit(EVENTS.subscribe, { topics: feeds.map((f) => f.topic) }, (reply: SubscribeAck) => {
        ackBytes = JSON.stringify(reply).length;
        resolve(reply);
      });
    });
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.topics.every((topic) => topic.truncated === true && !topic.recovered)).toBe(true);
    const history = ack.topics.reduce((sum, topic) => sum + JSON.stringify(topic.history).length, 0);
    expect(history).toBeLessThanOrEqual(8_192);
    expect(ackBytes).toBeLessThan(8_192 + 4_000);

    // The rest, a page at a time, oldest first within a page.
    const first = ack.topics[0];
    const oldest = first?.history[0]?.seq as number;
    const page = (await (await fetch(`${server.url}/api/topics/stocks.S0/history?before=${oldest}&limit=10`)).json()) as { samples: { seq: number }[]; more: boolean };
    expect(page.samples.map((s) => s.seq)).toEqual(Array.from({ length: 10 }, (_, i) => oldest - 10 + i));
    expect(page.more).toBe(true);
  });
});

describe('a peer that is not a client at all', () => {
  it('survives a raw TCP connection that sends garbage and hangs up', async () => {
    server = await startServer(simulatedConfig());
    const peer = connectTcp(server.port, '127.0.0.1');
    await new Promise((resolve) => peer.once('connect', resolve));
    peer.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n\x00\xff garbage');
    peer.destroy();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
