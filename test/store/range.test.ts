import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type HistoryRangeResponse, type SubscribeAck } from '../../src/protocol';
import { startServer, type TestServer } from '../helpers/server';

const TOKEN = 'range-test-token-0123456789';
const MINUTE = 60_000;
let dir: string;
let server: TestServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'livewall-range-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const config = (): ConfigInput => ({
  server: { logLevel: 'silent', history: { maxSamples: 100, maxAgeMs: 15 * MINUTE } },
  storage: { path: path.join(dir, 'livewall.db'), flushIntervalMs: 100 },
  feeds: [{ kind: 'push', topic: 'sensors.room', fields: [{ name: 't' }], token: TOKEN, maxSamplesPerSec: 10_000 }],
});

/** Two days of one reading a minute, ending now: value = minutes since the start. */
async function pushTwoDays(s: TestServer): Promise<{ start: number; end: number }> {
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  const start = end - 2 * 24 * 60 * MINUTE;
  const all = Array.from({ length: 2 * 24 * 60 + 1 }, (_, i) => ({ ts: start + i * MINUTE, values: { t: i } }));
  for (let i = 0; i < all.length; i += 1_000) {
    const res = await fetch(`${s.url}/api/topics/sensors.room`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(all.slice(i, i + 1_000)) });
    expect(res.status).toBe(202);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { start, end };
}

describe('history over a time range', () => {
  it('serves a day from the roll-ups in at most 2,000 points, and the last minutes raw', async () => {
    server = await startServer(config());
    const { end } = await pushTwoDays(server);
    const day = (await (await fetch(`${server.url}/api/topics/sensors.room/history?from=${end - 24 * 60 * MINUTE}&to=${end}&step=${10 * MINUTE}`)).json()) as HistoryRangeResponse;
    // Ten-minute points, merged from the minute tier: a day is 145 of them, not 1,440 minutes.
    expect(day).toMatchObject({ tier: 'minute', stepMs: 10 * MINUTE });
    if (day.tier === 'raw') throw new Error('expected roll-ups');
    expect(day.points.length).toBeGreaterThanOrEqual(144);
    expect(day.points.length).toBeLessThanOrEqual(146);
    // Ten readings i … i+9 in a full bucket: min i, max i+9, mean i+4.5, last i+9.
    for (const point of day.points.slice(1, -1)) {
      const t = point.values.t;
      expect(t && [t.max - t.min, t.mean - t.min, t.last]).toEqual([9, 4.5, t?.max]);
    }
    const week = (await (await fetch(`${server.url}/api/topics/sensors.room/history?from=${end - 2 * 24 * 60 * MINUTE}&to=${end}&step=${2 * 60 * MINUTE}`)).json()) as HistoryRangeResponse;
    expect(week).toMatchObject({ tier: 'hour', stepMs: 2 * 60 * MINUTE });

    const fine = (await (await fetch(`${server.url}/api/topics/sensors.room/history?from=${end - 30 * MINUTE}&to=${end}&step=${MINUTE}`)).json()) as HistoryRangeResponse;
    expect(['raw', 'minute']).toContain(fine.tier);
    const values = fine.tier === 'raw' ? fine.samples.map((s) => s.values.t) : fine.points.map((p) => p.values.t?.last);
    expect(values.at(-1)).toBe(2 * 24 * 60);
    expect(values.length).toBeLessThanOrEqual(2_000);
  });

  it('answers a subscribe with a window longer than the ring with the older part from the store', async () => {
    server = await startServer(config());
    const { end } = await pushTwoDays(server);
    const socket = await server.connect();
    const ack: SubscribeAck = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['sensors.room'], window: '24h' });
    if (!ack.ok) throw new Error(ack.message);
    const topic = ack.topics[0];
    expect(topic?.history.length).toBeGreaterThan(0);
    const older = topic?.older;
    expect(older).toBeDefined();
    const times = older?.tier === 'raw' ? older.samples.map((s) => s.ts) : (older?.points.map((p) => p.ts) ?? []);
    // It covers the day before the ring's first sample, and stops short of it.
    expect(times[0]).toBeLessThanOrEqual(end - 24 * 60 * MINUTE + 60 * MINUTE);
    expect(times.at(-1)).toBeLessThan(topic?.history[0]?.ts ?? 0);
    // Within the ack's budget.
    expect(JSON.stringify(ack).length).toBeLessThan(300 * 1024);
  });

  it('refuses a window that is not a duration', async () => {
    server = await startServer(config());
    const socket = await server.connect();
    const ack: SubscribeAck = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['sensors.room'], window: 'forever' });
    expect(ack).toMatchObject({ ok: false, code: 'LIVEWALL_ERR_REQUEST_INVALID', message: expect.stringContaining('window') });
  });
});
