import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { startServer, WEB_ROOT, type TestServer } from '../helpers/server';
import { launchChromium, openPage, pointsOf, seriesXs, unorderedSeries, waitForPoints, waitInPage } from './browser';

/**
 * A 24-hour panel in Chromium, across a server restart: the store's roll-ups fill the day, the
 * ring's samples join them, and live samples carry the line on.
 */
const TOKEN = 'long-window-token-0123456789';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let browser: Browser | undefined;
let server: TestServer | undefined;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(path.join(tmpdir(), 'livewall-long-window-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (): ConfigInput => ({
  server: { logLevel: 'silent', history: { maxSamples: 100, maxAgeMs: 15 * MINUTE } },
  storage: { path: path.join(dir, 'livewall.db'), flushIntervalMs: 100 },
  feeds: [{ kind: 'push', topic: 'greenhouse.temp', fields: [{ name: 't', unit: '°C' }], token: TOKEN, maxSamplesPerSec: 10_000 }],
  dashboards: [{ id: 'day', title: 'The day', panels: [{ topic: 'greenhouse.temp', type: 'line', window: '24h' }] }],
});

async function push(url: string, samples: { ts: number; values: { t: number } }[]): Promise<void> {
  for (let i = 0; i < samples.length; i += 1_000) {
    const res = await fetch(`${url}/api/topics/greenhouse.temp`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(samples.slice(i, i + 1_000)) });
    expect(res.status).toBe(202);
  }
}

describe('a panel with window "24h"', { timeout: 60_000 }, () => {
  it('draws the day from the store after a restart, joined to the live line, in order and bounded', async (ctx) => {
    if (!browser) return ctx.skip();
    server = await startServer(config(), { webRoot: WEB_ROOT });
    const { port } = server;
    // Two days of a reading a minute, ending a minute ago.
    const end = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
    const start = end - 2 * DAY;
    await push(server.url, Array.from({ length: 2 * 24 * 60 + 1 }, (_, i) => ({ ts: start + i * MINUTE, values: { t: 20 + (i % 60) / 10 } })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.close();

    server = await startServer(config(), { webRoot: WEB_ROOT, port });
    const wall = await openPage(browser, `${server.url}/d/day`);
    try {
      const { page } = wall;
      // A day of minute roll-ups is ~1,440 points; the ring alone holds 100.
      const held = await waitForPoints(page, 'greenhouse.temp', 1_000, 15_000);
      expect(held).toBeLessThanOrEqual(2_100);
      const [xs] = (await seriesXs(page)).map((series) => series.xs[0] ?? []);
      const oldest = xs?.[0] as number;
      const newest = xs?.at(-1) as number;
      // Reaches back a day (give or take a bucket), not two, and up to the newest sample pushed.
      expect(Date.now() - oldest).toBeGreaterThan(DAY - 10 * MINUTE);
      expect(Date.now() - oldest).toBeLessThan(DAY + 10 * MINUTE);
      expect(newest).toBe(end);
      expect(unorderedSeries(await seriesXs(page))).toEqual([]);

      // A live sample joins the line at its right end.
      await push(server.url, [{ ts: Date.now(), values: { t: 31.5 } }]);
      await waitInPage(page, "document.querySelector('.panel[data-topic=\"greenhouse.temp\"] .legend-value')?.textContent?.startsWith('31.5')", 5_000);
      expect(await pointsOf(page, 'greenhouse.temp')).toBeLessThanOrEqual(held + 1);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});
