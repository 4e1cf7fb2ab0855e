import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load';
import type { ConfigInput } from '../../src/config/schema';
import { createRandom, type Random } from '../../src/feeds/random';
import { EVENTS, type Sample } from '../../src/protocol';
import { simulatedConfig } from '../helpers/configs';
import { eventually, startServer, type TestServer } from '../helpers/server';

/*
 * A seeded fuzzer: the same seed makes the same cases, so a failure can be replayed
 * (LIVEWALL_FUZZ_SEED=n). Each part is capped in cases and in time.
 */
const SEED = Number(process.env.LIVEWALL_FUZZ_SEED ?? 20261127);
const TIME_CAP_MS = 6_000;
const TOKEN = 'fuzzing-push-token-0123456';

const config: ConfigInput = simulatedConfig({
  server: { logLevel: 'silent', limits: { maxEventsPerSecond: 10_000, maxConnectionsPerAddress: 1_000 } },
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
    { kind: 'push', topic: 'build.queue', fields: [{ name: 'depth' }, { name: 'constructor' }], token: TOKEN },
  ],
  dashboards: [],
});

const STRINGS = ['', 'stocks.ACME', 'build.queue', '__proto__', 'constructor', 'toString', 'x'.repeat(300), '💥', '\u0000', '../../etc', 'a'.repeat(70_000)];
const KEYS = ['topics', 'since', 'epoch', 'topic', 'token', 'samples', 'values', 'ts', '__proto__', 'constructor', 'depth', 'x'];

/** Any JSON value, nested a few levels, biased towards what the protocol expects. */
function value(random: Random, depth = 0): unknown {
  const pick = Math.floor(random.next() * (depth > 3 ? 5 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return [0, -1, 1e308, -1e-308, 2 ** 53, 42.5][Math.floor(random.next() * 6)];
    case 3:
    case 4:
      return STRINGS[Math.floor(random.next() * STRINGS.length)];
    case 5:
      return Array.from({ length: Math.floor(random.next() * 4) }, () => value(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(random.next() * 4); i > 0; i -= 1) {
        Object.defineProperty(out, KEYS[Math.floor(random.next() * KEYS.length)] as string, { value: value(random, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

let server: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await server?.close();
  server = undefined;
});

/** A healthy viewer of a 10 Hz topic: the seqs it got and the longest wait between batches. */
async function healthyViewer(url: string): Promise<{ seqs: number[]; longestWaitMs: () => number }> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const seqs: number[] = [];
  let last = Date.now();
  let longest = 0;
  socket.on(EVENTS.dashboardUpdate, (batch: Sample[]) => {
    const now = Date.now();
    longest = Math.max(longest, now - last);
    last = now;
    seqs.push(...batch.filter((sample) => sample.topic === 'stocks.ACME').map((sample) => sample.seq));
  });
  const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME'] });
  if (!ack.ok) throw new Error(ack.message);
  const newest = ack.topics[0]?.history.at(-1);
  if (newest) seqs.push(newest.seq);
  return { seqs, longestWaitMs: () => Math.max(longest, Date.now() - last) };
}

function expectUnbroken(seqs: number[]): void {
  expect(seqs.length).toBeGreaterThan(10);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
}

describe('fuzzing, seeded', { timeout: 60_000 }, () => {
  it('socket events and raw engine.io frames: no crash, no unhandled rejection, and a healthy viewer misses nothing', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      server = await startServer(config);
      const healthy = await healthyViewer(server.url);
      const random = createRandom(SEED);
      const events = [EVENTS.subscribe, EVENTS.unsubscribe, EVENTS.publish, 'hello', 'dashboard update', 'going away', 'x'];
      let fuzzer: Socket | undefined;
      let cases = 0;
      const deadline = Date.now() + TIME_CAP_MS;
      // Time-capped rather than count-capped: the healthy viewer must live through all of it.
      while (cases < 50_000 && Date.now() < deadline) {
        if (!fuzzer?.connected) {
          fuzzer = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
          sockets.push(fuzzer);
          await new Promise((resolve) => {
            fuzzer?.once('connect', () => resolve(undefined));
            fuzzer?.once('connect_error', () => resolve(undefined));
          });
        }
        cases += 1;
        const emit = fuzzer.emit.bind(fuzzer) as unknown as (...args: unknown[]) => void;
        if (random.next() < 0.7) {
          const args = Array.from({ length: Math.floor(random.next() * 3) }, () => value(random));
          if (random.next() < 0.6) args.push(() => undefined);
          emit(events[Math.floor(random.next() * events.length)], ...args);
        } else {
          // Below socket.io: any text as an engine.io packet, on the same WebSocket.
          const transport = fuzzer.io.engine.transport as unknown as { ws?: { send(data: string): void } };
          const text = `${Math.floor(random.next() * 10)}${JSON.stringify(value(random)) ?? ''}`;
          transport.ws?.send(random.next() < 0.5 ? text : `4${text}`);
        }
        // Let the server answer now and then, so cases interleave with its timers.
        if (cases % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(cases).toBeGreaterThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expectUnbroken(healthy.seqs);
      // Batches kept coming, a tick apart, the whole time.
      expect(healthy.longestWaitMs()).toBeLessThan(2_000);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('HTTP bodies and queries: every answer is a coded JSON error or a success, and a healthy viewer misses nothing', async () => {
    server = await startServer(config);
    const healthy = await healthyViewer(server.url);
    const random = createRandom(SEED + 1);
    const contentTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''];
    let cases = 0;
    const deadline = Date.now() + TIME_CAP_MS;
    while (cases < 1_000 && Date.now() < deadline) {
      cases += 1;
      const topic = STRINGS[Math.floor(random.next() * 4)] || 'build.queue';
      const body = random.next() < 0.8 ? JSON.stringify(value(random)) : String(value(random)).slice(0, 1000);
      const res =
        random.next() < 0.6
          ? await fetch(`${server.url}/api/topics/${encodeURIComponent(topic)}`, {
              method: 'POST',
              headers: { 'content-type': contentTypes[Math.floor(random.next() * contentTypes.length)] as string, ...(random.next() < 0.5 ? { authorization: `Bearer ${TOKEN}` } : {}) },
              body,
            })
          : await fetch(`${server.url}/api/topics/${encodeURIComponent(topic)}/history?${new URLSearchParams({ since: String(value(random)), limit: String(value(random)) })}`);
      expect(res.status).toBeLessThan(500);
      // A URL over Node's 16 KB header limit is refused by Node itself, before any route, with no body.
      if (res.status === 431) continue;
      const answer = (await res.json()) as { error?: { code?: unknown } };
      if (res.status >= 400) expect(answer.error?.code).toMatch(/^LIVEWALL_ERR_/);
    }
    expect(cases).toBeGreaterThan(100);
    // A fast machine gets through the cases in about a second: watch the viewer a little longer.
    await eventually(() => (healthy.seqs.length > 15 ? true : undefined), 5_000, 'the healthy viewer to get 15 samples');
    expectUnbroken(healthy.seqs);
  });

  it('config files: any mutation of a good one is a config or a ConfigError listing problems, never another exception', () => {
    const random = createRandom(SEED + 2);
    const base = JSON.parse(JSON.stringify(simulatedConfig())) as Record<string, unknown>;
    let accepted = 0;
    let refused = 0;
    const deadline = Date.now() + TIME_CAP_MS;
    for (let i = 0; i < 3_000 && Date.now() < deadline; i += 1) {
      const mutated = mutate(structuredClone(base), random);
      try {
        parseConfig(mutated, { env: {} });
        accepted += 1;
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).problems.length).toBeGreaterThan(0);
        refused += 1;
      }
    }
    expect(accepted + refused).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(0);
  });
});

/** Replaces one value somewhere in the tree (or the tree itself) with a random one. */
function mutate(tree: unknown, random: Random): unknown {
  if (random.next() < 0.05 || tree === null || typeof tree !== 'object') return value(random);
  const entries = Object.keys(tree);
  if (entries.length === 0) return value(random);
  const key = entries[Math.floor(random.next() * entries.length)] as string;
  const node = tree as Record<string, unknown>;
  node[key] = random.next() < 0.5 ? mutate(node[key], random) : value(random);
  return tree;
}

// The fuzzers above rely on the seeded source being deterministic.
describe('the fuzzer itself', () => {
  it('makes the same cases from the same seed', () => {
    const a = createRandom(SEED);
    const b = createRandom(SEED);
    expect(Array.from({ length: 20 }, () => JSON.stringify(value(a)))).toEqual(Array.from({ length: 20 }, () => JSON.stringify(value(b))));
  });
});

