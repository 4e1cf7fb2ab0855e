import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../config/schema';
import { EVENTS, type PublishAck, type Sample } from '../../protocol';
import { eventually, startServer, type TestServer, type TestSocket } from '../../../test/helpers/server';

const TOKEN = 'build-server-token-0123456789';

const config: ConfigInput = {
  server: { logLevel: 'silent' },
  feeds: [
    { kind: 'push', topic: 'build.queue', fields: [{ name: 'depth', unit: 'jobs' }, { name: 'agents' }], token: TOKEN, maxSamplesPerSec: 20 },
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
  ],
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A viewer subscribed to the push topic, collecting what it receives. */
async function viewer(s: TestServer): Promise<{ socket: TestSocket; received: Sample[] }> {
  const socket = await s.connect();
  const received: Sample[] = [];
  socket.on(EVENTS.dashboardUpdate, (batch) => received.push(...batch.filter((sample) => sample.topic === 'build.queue')));
  const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['build.queue'] });
  if (!ack.ok) throw new Error(ack.message);
  return { socket, received };
}

async function push(topic: string, body: unknown, token: string | null = TOKEN, raw?: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${server?.url}/api/topics/${topic}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('push over HTTP', () => {
  it('publishes a sample with the right token to a subscribed viewer, and a batch in order', async () => {
    server = await startServer(config);
    const { received } = await viewer(server);
    expect(await push('build.queue', { values: { depth: 4, agents: 2 } })).toMatchObject({ status: 202, body: { accepted: 1 } });
    const now = Date.now();
    const batch = [
      { values: { depth: 5 }, ts: now + 1 },
      { values: { depth: 6, agents: null }, ts: now + 2 },
    ];
    expect(await push('build.queue', batch)).toMatchObject({ status: 202, body: { accepted: 2 } });
    await eventually(() => (received.length >= 3 ? true : undefined), 5_000, 'three pushed samples');
    expect(received.map((sample) => sample.values)).toEqual([{ depth: 4, agents: 2 }, { depth: 5, agents: null }, { depth: 6, agents: null }]);
    expect(received.map((sample) => sample.seq)).toEqual([1, 2, 3]);
    expect(received.slice(1).map((sample) => sample.ts)).toEqual([now + 1, now + 2]);
    expect(server.app.hub.get('build.queue')?.status.state).toBe('ok');
  });

  it('takes a body sent without a JSON content type, as a bare curl -d sends it', async () => {
    server = await startServer(config);
    const res = await fetch(`${server.url}/api/topics/build.queue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"values":{"depth":1}}',
    });
    expect(res.status).toBe(202);
  });

  it('refuses each bad push with its status and code, and none reaches a viewer', async () => {
    server = await startServer(config);
    const { received } = await viewer(server);
    const good = { values: { depth: 1 } };
    const cases: [string, () => Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>, number, string, string][] = [
      ['no token', () => push('build.queue', good, null), 401, 'LIVEWALL_ERR_UNAUTHORIZED', 'token'],
      ['a wrong token', () => push('build.queue', good, 'not-the-token-at-all-000000'), 401, 'LIVEWALL_ERR_UNAUTHORIZED', 'token'],
      ['an unknown topic', () => push('build.nope', good), 404, 'LIVEWALL_ERR_TOPIC_UNKNOWN', 'build.nope'],
      ['a polled topic', () => push('stocks.ACME', good), 409, 'LIVEWALL_ERR_TOPIC_NOT_PUSH', 'not a push topic'],
      ['a string value', () => push('build.queue', { values: { depth: '4' } }), 400, 'LIVEWALL_ERR_REQUEST_INVALID', 'values.depth'],
      ['an undeclared field', () => push('build.queue', { values: { depth: 1, colour: 3 } }), 400, 'LIVEWALL_ERR_REQUEST_INVALID', 'no field "colour"'],
      ['a ts from the future', () => push('build.queue', { values: { depth: 1 }, ts: Date.now() + 3_600_000 }), 400, 'LIVEWALL_ERR_REQUEST_INVALID', 'ahead of the server'],
      ['an oversized body', () => push('build.queue', null, TOKEN, JSON.stringify({ values: { depth: 1 }, pad: 'x'.repeat(300 * 1024) })), 413, 'LIVEWALL_ERR_REQUEST_TOO_LARGE', 'too large'],
      ['a body that is not JSON', () => push('build.queue', null, TOKEN, '{"values": {'), 400, 'LIVEWALL_ERR_REQUEST_INVALID', ''],
      ['an empty batch', () => push('build.queue', []), 400, 'LIVEWALL_ERR_REQUEST_INVALID', 'at least 1'],
    ];
    for (const [what, send, status, code, text] of cases) {
      const { status: got, body } = await send();
      expect({ what, status: got, code: (body.error as { code?: string }).code }).toEqual({ what, status, code });
      expect((body.error as { message: string }).message).toContain(text);
    }
    const wrong = await push('build.queue', good, null);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    // A good push after all that gets through, and it is the only sample the viewer ever saw.
    await push('build.queue', good);
    await eventually(() => (received.length >= 1 ? true : undefined), 5_000, 'the good push');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((sample) => sample.values)).toEqual([{ depth: 1, agents: null }]);
  });

  it('refuses a ts older than the newest sample, and a whole batch with one bad sample in it', async () => {
    server = await startServer(config);
    const { received } = await viewer(server);
    const now = Date.now();
    expect((await push('build.queue', { values: { depth: 1 }, ts: now })).status).toBe(202);
    const stale = await push('build.queue', { values: { depth: 2 }, ts: now - 1000 });
    expect(stale.status).toBe(400);
    expect((stale.body.error as { message: string }).message).toContain('samples[0].ts');
    expect((stale.body.error as { message: string }).message).toContain('not newer than the topic\'s newest sample');
    const mixed = await push('build.queue', [{ values: { depth: 3 }, ts: now + 10 }, { values: { depth: 4 }, ts: now + 5 }]);
    expect(mixed.status).toBe(400);
    expect((mixed.body.error as { message: string }).message).toContain('samples[1].ts');
    // Each late sample is held against the newest before it, by name.
    const late = await push('build.queue', [{ values: { depth: 3 }, ts: now + 10 }, { values: { depth: 4 }, ts: now + 5 }, { values: { depth: 5 }, ts: now + 7 }]);
    expect((late.body.error as { message: string }).message.split(/; (?=samples\[)/)).toEqual([
      `samples[1].ts: ${now + 5} is not newer than samples[0] (${now + 10}); samples go in time order`,
      `samples[2].ts: ${now + 7} is not newer than samples[0] (${now + 10}); samples go in time order`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((sample) => sample.values.depth)).toEqual([1]);
  });

  it('lists every problem of a request in one answer, and checks the topic and the token first', async () => {
    server = await startServer(config);
    const now = Date.now();
    expect((await push('build.queue', { values: { depth: 1 }, ts: now })).status).toBe(202);
    const bad = await push('build.queue', [{ values: { depth: '4', colour: 3 } }, { values: { agents: true }, ts: now - 5 }, { values: {} }]);
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message.split(/; (?=samples\[)/)).toEqual([
      'samples[0].values.depth: must be a number, got string "4"',
      'samples[0].values: "build.queue" has no field "colour"; it has "depth", "agents"',
      'samples[1].values.agents: must be a number, got boolean true',
      'samples[2].values: must hold at least one field; it has "depth", "agents"',
      expect.stringMatching(new RegExp(`^samples\\[1\\]\\.ts: ${now - 5} is not newer than samples\\[0\\] \\(\\d+\\); samples go in time order$`)),
    ]);
    // A bad body does not hide a missing token or a wrong topic: those are answered first.
    expect((await push('build.queue', { values: { depth: 'x' } }, null)).status).toBe(401);
    expect((await push('build.nope', { values: { depth: 'x' } })).status).toBe(404);
    expect((await push('stocks.ACME', { values: 'x' })).status).toBe(409);
  });

  it('keeps the token out of the log, even at trace level', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    server = await startServer(config, { log });
    await push('build.queue', { values: { depth: 1 } });
    await push('build.queue', { values: { depth: 1 } }, `${TOKEN}-wrong`);
    await push('build.queue', { values: { depth: 'x' } });
    const pusher = await server.connect();
    await pusher.timeout(5000).emitWithAck(EVENTS.publish, { topic: 'build.queue', token: TOKEN, samples: [{ values: { nope: 1 } }] } as never);
    // Each refusal is logged, with why, and none of them with the token.
    const refusals = lines.filter((line) => line.includes('push refused'));
    expect(refusals.map((line) => (JSON.parse(line) as { code: string }).code)).toEqual(['LIVEWALL_ERR_UNAUTHORIZED', 'LIVEWALL_ERR_REQUEST_INVALID', 'LIVEWALL_ERR_REQUEST_INVALID']);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('answers 429 over the topic\'s rate, after its burst', async () => {
    server = await startServer(config);
    const batch = Array.from({ length: 1_000 }, (_, i) => ({ values: { depth: i }, ts: Date.now() - 10_000 + i }));
    expect((await push('build.queue', batch)).status).toBe(202);
    const over = await push('build.queue', { values: { depth: 1 } });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'LIVEWALL_ERR_RATE_LIMITED', message: expect.stringContaining('20 samples a second') });
  });

  it('never echoes the token, and cuts a long topic name short', async () => {
    server = await startServer(config);
    const long = `a${'b'.repeat(5_000)}`;
    const unknown = await push(long, { values: { depth: 1 } });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body).length).toBeLessThan(300);
    // Nor does a 100 KB value, or a thousand made-up fields, make a long answer.
    const huge = await push('build.queue', { values: { depth: 'x'.repeat(100_000), ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`f${i}`, 1])) } });
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body).length).toBeLessThan(1_000);
    expect((huge.body.error as { message: string }).message).toContain('and 990 more');
    for (const path of ['/api/topics', '/api/dashboards', '/healthz']) {
      expect(await (await fetch(`${server.url}${path}`)).text()).not.toContain(TOKEN);
    }
  });
});

describe('push over Socket.IO', () => {
  it('publishes with the right token and answers every refusal with its code', async () => {
    server = await startServer(config);
    const { received } = await viewer(server);
    const pusher = await server.connect();
    const publish = (request: unknown): Promise<PublishAck> => pusher.timeout(5000).emitWithAck(EVENTS.publish, request as never);
    expect(await publish({ topic: 'build.queue', token: TOKEN, samples: [{ values: { depth: 7 } }] })).toEqual({ ok: true, accepted: 1 });
    expect(await publish({ topic: 'build.queue', token: 'nope', samples: [{ values: { depth: 8 } }] })).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_UNAUTHORIZED' });
    expect(await publish({ topic: 'stocks.ACME', token: TOKEN, samples: [{ values: { depth: 8 } }] })).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_TOPIC_NOT_PUSH' });
    expect(await publish({ topic: 'build.queue', token: TOKEN, samples: [{ values: { depth: 'x' } }] })).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_REQUEST_INVALID' });
    expect(await publish({ topic: 'build.queue', token: TOKEN })).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_REQUEST_INVALID' });
    await eventually(() => (received.length >= 1 ? true : undefined), 5_000, 'the socket push');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((sample) => sample.values.depth)).toEqual([7]);
  });

  it('acks a publish whose ack comes after an extra argument', async () => {
    server = await startServer(config);
    const pusher = await server.connect();
    const ack = await new Promise<PublishAck>((resolve) => {
      (pusher as unknown as { emit: (...args: unknown[]) => void }).emit(EVENTS.publish, { topic: 'build.queue', token: TOKEN, samples: [{ values: { depth: 1 } }] }, 'extra', resolve);
    });
    expect(ack).toEqual({ ok: true, accepted: 1 });
  });
});

describe('a push topic going quiet', () => {
  it('is stale only with expectedIntervalMs: its meta carries the interval, or null for never', async () => {
    server = await startServer({
      ...config,
      feeds: [...config.feeds, { kind: 'push', topic: 'build.agents', fields: [{ name: 'busy' }], token: TOKEN, expectedIntervalMs: 5_000 }],
    });
    expect(server.app.hub.get('build.queue')?.meta.intervalMs).toBeNull();
    expect(server.app.hub.get('build.agents')?.meta.intervalMs).toBe(5_000);
    expect(server.app.hub.get('build.agents')?.status.state).toBe('pending');
  });
});
