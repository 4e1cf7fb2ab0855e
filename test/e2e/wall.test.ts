import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedConfig } from '../helpers/configs';
import { startServer, WEB_ROOT, type TestServer } from '../helpers/server';
import { stallingSystemInfo } from '../helpers/stalling-system-info';
import { inPage, launchChromium, openPage, pointsOf, seriesXs, unorderedSeries, waitForPoints, waitInPage } from './browser';

const base = simulatedConfig();
const config = simulatedConfig({
  feeds: [
    ...base.feeds,
    { kind: 'system', topic: 'system.temperature', metric: 'temperature', intervalMs: 100, timeoutMs: 600_000 },
    { kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 100, timeoutMs: 1_000 },
  ],
  dashboards: [
    ...(base.dashboards ?? []),
    {
      id: 'faults',
      title: 'Faults',
      panels: [
        { topic: 'system.temperature', type: 'line' },
        { topic: 'system.cpu', type: 'line' },
        { topic: 'stocks.ACME', type: 'bar', fields: ['price'] },
      ],
    },
  ],
});

describe('the wall display in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startServer(config, { webRoot: WEB_ROOT, systemInfo: stallingSystemInfo() });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the default dashboard, its points increase, and the console stays clean', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/`);
    try {
      const { page } = wall;
      await page.waitForSelector('.badge[data-state="connected"]');
      expect(await page.textContent('.wall-title')).toBe('Test wall');
      expect(await page.locator('.panel[data-topic]').count()).toBe(3);
      expect(await page.locator('.panel canvas').count()).toBe(3);

      const first = await waitForPoints(page, 'sensors.greenhouse', 2);
      const later = await waitForPoints(page, 'sensors.greenhouse', first + 3);
      expect(later).toBeGreaterThan(first);
      expect(await page.textContent('.panel[data-topic="sensors.greenhouse"] .legend-value')).toMatch(/°C$/);
      expect(unorderedSeries(await seriesXs(page))).toEqual([]);

      // No scrollbars: the grid fits the viewport.
      const overflow = await inPage(
        page,
        '({ x: document.documentElement.scrollWidth > innerWidth, y: document.documentElement.scrollHeight > innerHeight })',
      );
      expect(overflow).toEqual({ x: false, y: false });
      expect(await page.textContent('.clock')).toMatch(/^\d\d:\d\d:\d\d$/);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('shows a stat panel whose big number changes', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/d/wall`);
    try {
      const { page } = wall;
      const value = page.locator('.panel[data-topic="stocks.ACME"] .stat-value');
      await expect.poll(() => value.textContent(), { timeout: 10_000 }).toMatch(/^\$\d/);
      const before = await value.textContent();
      await expect.poll(() => value.textContent(), { timeout: 10_000, interval: 50 }).not.toBe(before);
      expect(await page.textContent('.panel[data-topic="stocks.ACME"] .stat-change')).toMatch(/^[▲▼■] /);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('marks a feed that went quiet as stale, and shows a failing feed\'s error', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/d/faults`);
    try {
      const { page } = wall;
      const stale = page.locator('.panel[data-topic="system.temperature"][data-stale="true"] .panel-status');
      await stale.waitFor({ timeout: 10_000 });
      expect(await stale.textContent()).toMatch(/^stale \d+ s$/);
      const failing = page.locator('.panel[data-topic="system.cpu"][data-state="error"] .panel-status');
      await failing.waitFor({ timeout: 10_000 });
      expect(await failing.textContent()).toContain('error: sensor unplugged');
      // The healthy bar panel on the same page is neither.
      await waitForPoints(page, 'stocks.ACME', 2);
      expect(await page.getAttribute('.panel[data-topic="stocks.ACME"]', 'data-stale')).toBe('false');
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('builds panels on the fly from ?topics= and lists dashboards at /dashboards', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/?topics=stocks.GLOBEX,sensors.greenhouse&theme=light&kiosk`);
    try {
      const { page } = wall;
      await waitForPoints(page, 'stocks.GLOBEX', 1);
      // A panel per unit: a stock's price, change and volume, the greenhouse's °C and %.
      expect(await page.locator('.panel[data-topic]').evaluateAll((panels) => panels.map((p) => p.getAttribute('data-topic')))).toEqual([
        'stocks.GLOBEX',
        'stocks.GLOBEX',
        'stocks.GLOBEX',
        'sensors.greenhouse',
        'sensors.greenhouse',
      ]);
      expect(await page.locator('.panel[data-topic="stocks.GLOBEX"] .legend-label').allTextContents()).toEqual(['Price', 'Change', 'Volume']);
      expect(await page.getAttribute('html', 'data-theme')).toBe('light');
      expect(await page.locator('.controls').isVisible()).toBe(false);
      expect(await inPage(page, 'getComputedStyle(document.body).cursor')).toBe('none');

      await page.goto(`${server.url}/dashboards`);
      const links = page.locator('a.dashboard-link');
      await links.first().waitFor();
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/d/wall', '/d/faults']);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('draws by the server clock when the browser clock runs 6 minutes fast (past every window)', async (ctx) => {
    if (!browser) return ctx.skip();
    const skew = 'const realNow = Date.now; Date.now = () => realNow() + 6 * 60_000;';
    const wall = await openPage(browser, `${server.url}/`, skew);
    try {
      const { page } = wall;
      expect(await inPage<number>(page, 'Date.now() - performance.timeOrigin - performance.now()')).toBeGreaterThan(5 * 60_000);
      const before = await waitForPoints(page, 'stocks.GLOBEX', 5);
      await waitForPoints(page, 'stocks.GLOBEX', before);
      expect(await page.textContent('.panel[data-topic="stocks.ACME"] .stat-value')).not.toBe('—');
      expect(await page.getAttribute('.panel[data-topic="stocks.GLOBEX"]', 'data-stale')).toBe('false');
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('rotates through the dashboards with ?rotate=, keeping its display options', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/?rotate=5&theme=contrast`);
    try {
      const { page } = wall;
      await expect.poll(() => page.textContent('.wall-title'), { timeout: 10_000 }).toBe('Test wall');
      // The shortest rotation is 5 s; allow a busy machine twice that.
      await expect.poll(() => page.textContent('.wall-title'), { timeout: 12_000, interval: 200 }).toBe('Faults');
      expect(new URL(page.url()).pathname).toBe('/d/faults');
      expect(new URL(page.url()).search).toBe('?rotate=5&theme=contrast');
      expect(await page.getAttribute('html', 'data-theme')).toBe('contrast');
      await waitForPoints(page, 'stocks.ACME', 1);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('keeps the points it already had when the server drops the socket, and adds none twice', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/`);
    try {
      const { page } = wall;
      const before = await waitForPoints(page, 'stocks.GLOBEX', 5);
      // The reconnect can be quicker than a poll, so record every state the badge shows.
      await inPage(
        page,
        `(() => {
          const badge = document.querySelector('.badge');
          window.badgeStates = [];
          new MutationObserver(() => window.badgeStates.push(badge.dataset.state)).observe(badge, { attributes: true });
        })()`,
      );
      server.app.io.disconnectSockets(true);
      await waitInPage(page, "window.badgeStates.includes('reconnecting')", 5_000);
      await page.waitForSelector('.badge[data-state="connected"]', { timeout: 15_000 });
      const after = await pointsOf(page, 'stocks.GLOBEX');
      // Same server run: the gap was appended to what the chart held, not swapped for a fresh history.
      expect(after).toBeGreaterThanOrEqual(before);
      await waitForPoints(page, 'stocks.GLOBEX', after + 3);
      expect(unorderedSeries(await seriesXs(page))).toEqual([]);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('serves livewall/client for plain pages: history first, then live samples', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/dashboards`);
    try {
      const result = await inPage<{ mode: string; history: number; live: number; state: string }>(
        wall.page,
        `(async () => {
          const { createLivewallClient } = await import('/livewall-client.js');
          const client = createLivewallClient({ topics: ['stocks.ACME'] });
          const got = { mode: '', history: 0, live: 0, state: '' };
          client.on('history', (event) => { got.mode = event.mode; got.history = event.samples.length; });
          client.on('samples', (topic, samples) => { got.live += samples.length; });
          for (let i = 0; i < 200 && got.live < 3; i += 1) await new Promise((r) => setTimeout(r, 25));
          got.state = client.state.status;
          client.close();
          return got;
        })()`,
      );
      expect(result).toMatchObject({ mode: 'replace', state: 'connected' });
      expect(result.history).toBeGreaterThan(0);
      expect(result.live).toBeGreaterThanOrEqual(3);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});
