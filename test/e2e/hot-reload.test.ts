import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { startServerFromFile, WEB_ROOT, type TestServer } from '../helpers/server';
import { inPage, launchChromium, openPage, waitForPoints, waitInPage } from './browser';

const TOKEN = 'wall-hot-reload-token-0123';

const before: ConfigInput = {
  storage: false,
  server: { logLevel: 'silent' },
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
    { kind: 'push', topic: 'build.queue', fields: [{ name: 'depth' }], token: TOKEN },
  ],
  dashboards: [{ id: 'wall', title: 'Office', panels: [{ topic: 'stocks.ACME', fields: ['price'] }] }],
};

const after: ConfigInput = {
  ...before,
  feeds: [...(before.feeds ?? []), { kind: 'stock', topic: 'stocks.GLOBEX', intervalMs: 100, seed: 2 }],
  dashboards: [
    {
      id: 'wall',
      title: 'Office, edited',
      panels: [
        { topic: 'stocks.ACME', fields: ['price'] },
        { topic: 'stocks.GLOBEX', fields: ['price'] },
        { topic: 'build.queue', type: 'stat' },
        { topic: 'build.queue', type: 'line', title: 'Queue over time' },
      ],
    },
  ],
};

/** Counts a canvas's pixels in the first series colour (--series-1 of the dark theme, #4fc3f7); runs in the page. */
function seriesPixels(canvas: { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null } | null): number {
  const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; data && i < data.length; i += 4) {
    if (Math.abs((data[i] ?? 0) - 0x4f) < 24 && Math.abs((data[i + 1] ?? 0) - 0xc3) < 24 && Math.abs((data[i + 2] ?? 0) - 0xf7) < 24) count += 1;
  }
  return count;
}

describe('a wall whose config file is edited', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(config: ConfigInput): Promise<TestServer> {
    dir = await mkdtemp(path.join(tmpdir(), 'livewall-wall-reload-'));
    file = path.join(dir, 'livewall.json');
    await writeFile(file, JSON.stringify(config, null, 2));
    server = await startServerFromFile(file, { webRoot: WEB_ROOT });
    return server;
  }

  it('gains a new panel without a page reload, and a pushed sample shows on it', async (ctx) => {
    if (!browser) return ctx.skip();
    const { url } = await serve(before);
    const wall = await openPage(browser, `${url}/d/wall`);
    try {
      const { page } = wall;
      await waitForPoints(page, 'stocks.ACME', 2);
      // A marker on the window: a page reload would lose it.
      await inPage(page, 'window.livewallMarker = 42');
      const acmeBefore = await page.getAttribute('.panel[data-topic="stocks.ACME"]', 'data-points');

      await writeFile(file, JSON.stringify(after, null, 2));
      await page.waitForSelector('.panel[data-topic="stocks.GLOBEX"]', { timeout: 10_000 });
      await waitForPoints(page, 'stocks.GLOBEX', 2);
      expect(await page.textContent('.wall-title')).toBe('Office, edited');
      expect(await inPage(page, 'window.livewallMarker')).toBe(42);
      // ACME's panel was filled again from history at once, not from nothing.
      expect(Number(await page.getAttribute('.panel[data-topic="stocks.ACME"]', 'data-points'))).toBeGreaterThanOrEqual(Number(acmeBefore));

      const res = await fetch(`${url}/api/topics/build.queue`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"values":{"depth":17}}' });
      expect(res.status).toBe(202);
      await waitInPage(page, `document.querySelector('.panel[data-topic="build.queue"] .stat-value')?.textContent === '17'`, 5_000);
      // One sample is one point: a line through it draws nothing, so the panel must draw it as a dot.
      await waitInPage(page, `(${seriesPixels.toString()})(document.querySelector('.panel-line[data-topic="build.queue"] canvas')) > 0`, 5_000);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('shows a banner while the file has problems, keeps its panels live, and drops the banner once the file is fixed', async (ctx) => {
    if (!browser) return ctx.skip();
    const { url } = await serve(before);
    const wall = await openPage(browser, `${url}/d/wall`);
    try {
      const { page } = wall;
      await waitForPoints(page, 'stocks.ACME', 2);
      expect(await page.isVisible('.config-banner')).toBe(false);

      await writeFile(file, JSON.stringify({ ...before, dashboards: [{ id: 'wall', title: 'Office', panels: [{ topic: 'stocks.NOPE' }] }] }));
      await page.waitForSelector('.config-banner', { state: 'visible', timeout: 10_000 });
      const text = await page.textContent('.config-banner');
      expect(text).toContain('The config file has 1 problem; this wall shows the last good config.');
      expect(text).toContain('dashboards[0].panels[0].topic: unknown topic "stocks.NOPE": no feed publishes it');
      const points = Number(await page.getAttribute('.panel[data-topic="stocks.ACME"]', 'data-points'));
      await waitForPoints(page, 'stocks.ACME', points);

      await writeFile(file, JSON.stringify(before));
      await page.waitForSelector('.config-banner', { state: 'hidden', timeout: 10_000 });
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('says on the panel when its topic is gone from the server', async (ctx) => {
    if (!browser) return ctx.skip();
    const { url } = await serve(before);
    const wall = await openPage(browser, `${url}/?topics=stocks.ACME,build.queue`);
    try {
      const { page } = wall;
      await waitForPoints(page, 'stocks.ACME', 2);
      expect(await page.getAttribute('.panel[data-topic="build.queue"]', 'data-problem')).toBeNull();
      // The push topic leaves the config; the wall built from ?topics= keeps its panel, which says why it is empty.
      await writeFile(file, JSON.stringify({ ...before, feeds: [before.feeds?.[0]] }));
      await page.waitForSelector('.panel[data-topic="build.queue"][data-problem]', { timeout: 10_000 });
      expect(await page.textContent('.panel[data-topic="build.queue"] .panel-status')).toBe('unknown topic "build.queue": no feed publishes it');
      await waitForPoints(page, 'stocks.ACME', 2);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});
