import { afterEach, describe, expect, it } from 'vitest';
import type { HelloEvent, Sample } from '../../src/protocol';
import { createLivewallClient, SubscribeError, type ConnectionState, type LivewallClient } from '../../web/src/net/index';
import { simulatedConfig } from '../helpers/configs';
import { SLOW_ROOM } from '../../src/socket/rooms';
import { startServer, type TestServer } from '../helpers/server';

// `@livewall/client` from source against a real server, in Node (socket.io-client's Node build).
// test/client-package checks the package as built and installed.
let server: TestServer | undefined;
let client: LivewallClient | undefined;

afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

function open(url: string, topics: string[] = []): LivewallClient {
  client = createLivewallClient({ url, topics, reconnectDelayMs: 100, reconnectDelayMaxMs: 400, socket: { transports: ['websocket'] } });
  return client;
}

/** Resolves once `count` live samples of `topic` have arrived. */
function samplesOf(c: LivewallClient, topic: string, count: number): Promise<Sample[]> {
  const got: Sample[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} ${topic} samples arrived`)), 10_000);
    const off = c.on('samples', (t, samples) => {
      if (t !== topic) return;
      got.push(...samples);
      if (got.length < count) return;
      clearTimeout(timer);
      off();
      resolve(got);
    });
  });
}

describe('@livewall/client', () => {
  it('gets the server clock in hello, and serverNow follows the server', async () => {
    server = await startServer(simulatedConfig());
    const before = Date.now();
    const c = open(server.url, ['stocks.ACME']);
    const hello = await new Promise<HelloEvent>((resolve) => c.on('hello', resolve));
    expect(hello.now).toBeGreaterThanOrEqual(before);
    expect(hello.now).toBeLessThanOrEqual(Date.now());
    expect(hello.epoch).toBe(server.app.hub.epoch);
    const [sample] = await samplesOf(c, 'stocks.ACME', 1);
    // Same machine, same clock: the estimate can only be off by the delivery delay.
    expect(c.serverNow()).toBeGreaterThanOrEqual((sample as Sample).ts);
  });

  it('refuses a malformed topic at once, adding nothing, and keeps serving the rest', async () => {
    server = await startServer(simulatedConfig());
    const c = open(server.url);
    const refused = c.subscribe(['stocks ACME', 'stocks.ACME']);
    await expect(refused).rejects.toBeInstanceOf(SubscribeError);
    await expect(refused).rejects.toMatchObject({ kind: 'refused', message: expect.stringContaining('"stocks ACME"') });
    expect([...c.topics]).toEqual([]);
    const ack = await c.subscribe(['stocks.ACME']);
    expect(ack.topics.map((t) => t.topic)).toEqual(['stocks.ACME']);
    await samplesOf(c, 'stocks.ACME', 2);
  });

  it('throws for malformed topics given to the constructor', () => {
    expect(() => createLivewallClient({ url: 'http://127.0.0.1:9', topics: ['ok.topic', ''] })).toThrow(/malformed topic names: ""/);
  });

  it('needs a url outside a browser page, where there is no origin to default to', () => {
    expect(() => createLivewallClient({ topics: ['stocks.ACME'] })).toThrow(/options\.url is required outside a browser page/);
  });

  it('splits a subscribe of more topics than one request may name', async () => {
    server = await startServer(simulatedConfig());
    const c = open(server.url);
    const many = Array.from({ length: 600 }, (_, i) => `nowhere.t${i}`);
    const ack = await c.subscribe([...many, 'stocks.GLOBEX']);
    expect(ack.unknown).toHaveLength(600);
    expect(ack.topics.map((t) => t.topic)).toEqual(['stocks.GLOBEX']);
    await c.unsubscribe([...many, 'stocks.GLOBEX']);
    expect(c.topics.size).toBe(0);
  });

  it('settles a subscribe whose topics were all unsubscribed before the connection opened', async () => {
    server = await startServer(simulatedConfig());
    const c = open(server.url);
    const pending = c.subscribe(['stocks.ACME']);
    await c.unsubscribe(['stocks.ACME']);
    await expect(pending).resolves.toMatchObject({ ok: true, topics: [], unknown: [] });
  });

  it('comes back after a server restart on the same port with one new connection, and resumes', async () => {
    server = await startServer(simulatedConfig());
    const { port } = server;
    const c = open(server.url, ['stocks.ACME']);
    const states: string[] = [];
    c.on('state', (state) => states.push(state.status));
    await samplesOf(c, 'stocks.ACME', 2);

    const history = new Promise<string>((resolve) => c.on('history', ({ mode }) => resolve(mode)));
    await server.close();
    server = await startServer(simulatedConfig(), { port });
    expect(await history).toBe('replace');
    await samplesOf(c, 'stocks.ACME', 3);
    // The first connection and one after the restart: no reconnect storm.
    expect(states.filter((s) => s === 'connected')).toHaveLength(2);
    expect(c.state.status).toBe('connected');
  });
});

describe('@livewall/client after the server passed it over', () => {
  it('asks for what it missed when live samples skip a seq, and hands on every seq once', async () => {
    server = await startServer(simulatedConfig());
    const c = open(server.url, ['stocks.ACME']);
    const seqs: number[] = [];
    const modes: string[] = [];
    c.on('history', ({ mode, samples }) => {
      modes.push(mode);
      if (mode === 'replace') seqs.length = 0;
      seqs.push(...samples.map((sample) => sample.seq));
    });
    c.on('samples', (_topic, samples) => seqs.push(...samples.map((sample) => sample.seq)));
    await samplesOf(c, 'stocks.ACME', 3);

    // What the slow-viewer watch does to a socket whose buffers are full: batches skip it.
    const io = server.app.io;
    io.of('/').socketsJoin(SLOW_ROOM);
    await new Promise((resolve) => setTimeout(resolve, 500));
    io.of('/').socketsLeave(SLOW_ROOM);
    await samplesOf(c, 'stocks.ACME', 5);

    expect(modes).toEqual(['replace', 'append']);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
    expect(seqs.length).toBeGreaterThan(8);
  });
});

describe('@livewall/client and viewer tokens', () => {
  const TOKEN = 'client-viewer-token-0123456';
  const withTokens = () => simulatedConfig({ server: { logLevel: 'silent', viewerTokens: [{ token: TOKEN, dashboards: ['wall'] }] } });

  it('sends its token, and sees what the token covers', async () => {
    server = await startServer(withTokens());
    client = createLivewallClient({ url: server.url, token: TOKEN, socket: { transports: ['websocket'] } });
    const ack = await client.subscribe(['stocks.ACME']);
    expect(ack.topics.map((t) => t.topic)).toEqual(['stocks.ACME']);
  });

  it('goes offline, saying why, when the server refuses it, instead of retrying for ever', async () => {
    server = await startServer(withTokens());
    client = createLivewallClient({ url: server.url, reconnectDelayMs: 50, socket: { transports: ['websocket'] } });
    const offline = await new Promise<ConnectionState>((resolve) => client?.on('state', (state) => state.status === 'offline' && resolve(state)));
    expect(offline).toMatchObject({ status: 'offline', reason: expect.stringMatching(/^LIVEWALL_ERR_UNAUTHORIZED/) });
  });
});
