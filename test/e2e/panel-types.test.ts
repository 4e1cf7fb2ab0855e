import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { brokerTestsCanRun, connectPublisher, SYSTEM_BROKER_URL, uniquePrefix } from '../../src/feeds/mqtt/testdata/mosquitto';
import { startServer, WEB_ROOT, type TestServer } from '../helpers/server';
import { stallingSystemInfo } from '../helpers/stalling-system-info';
import { inPage, launchChromium, openPage, waitInPage } from './browser';

const builds = uniquePrefix();
const SCRIPT_TEXT = 'Deploys freeze at 16:00. <script>window.__ran = true</script><img src=x onerror="window.__ran = true">';

const config: ConfigInput = {
  server: { logLevel: 'silent' },
  storage: false,
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1, startPrice: 100 },
    { kind: 'stock', topic: 'stocks.GLOBEX', intervalMs: 100, seed: 2, startPrice: 2000 },
    { kind: 'stock', topic: 'stocks.INITECH', intervalMs: 100, seed: 3, startPrice: 500 },
    {
      kind: 'sensor', topic: 'sensors.greenhouse', intervalMs: 100, seed: 4,
      fields: [{ name: 'humidity', unit: '%', mean: 60, amplitude: 0, noise: 0.5, min: 0, max: 100 }],
    },
    { kind: 'system', topic: 'system.temperature', metric: 'temperature', intervalMs: 100, timeoutMs: 600_000 },
    { kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 100, timeoutMs: 1_000 },
    {
      kind: 'mqtt', url: SYSTEM_BROKER_URL, subscribe: `${builds.mqtt}/+`, topic: `${builds.topic}.{1}`, expectedIntervalMs: 60_000,
      fields: [{ name: 'minutes', path: '$.m', unit: 'min' }],
    },
  ],
  dashboards: [
    {
      id: 'types',
      title: 'Types',
      panels: [
        { type: 'text', title: 'Notice', text: SCRIPT_TEXT },
        { type: 'gauge', topic: 'sensors.greenhouse', fields: ['humidity'], min: 0, max: 100, thresholds: { warn: 20, critical: 40 } },
        { type: 'table', topics: ['stocks.*'], fields: ['price', 'volume'], sortBy: 'price', limit: 2 },
        { type: 'status', title: 'Health', topics: ['stocks.*', 'system.temperature', 'system.cpu'], thresholds: { warn: 400, critical: 1500 } },
        { type: 'status', title: 'Builds', topics: [`${builds.topic}.*`], thresholds: { warn: 10, critical: 30 } },
      ],
    },
  ],
};

describe('gauge, table, status and text panels in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer;
  let broker = false;
  let publisher: MqttClient | undefined;

  beforeAll(async () => {
    broker = await brokerTestsCanRun();
    browser = await launchChromium();
    if (!broker || !browser) return;
    server = await startServer(config, { webRoot: WEB_ROOT, systemInfo: stallingSystemInfo() });
    publisher = await connectPublisher(SYSTEM_BROKER_URL);
  });
  afterAll(async () => {
    await publisher?.endAsync(true);
    await browser?.close();
    await server?.close();
  });

  it('renders each type from live samples, coloured by thresholds, stale grey, failing striped, text as text', async (ctx) => {
    if (!browser || !broker) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/d/types`);
    try {
      const { page } = wall;
      await page.waitForSelector('.badge[data-state="connected"]');

      // Text: the characters, and nothing run.
      expect(await page.textContent('.panel-text .text-body')).toBe(SCRIPT_TEXT);
      expect(await page.locator('.panel-text script, .panel-text img').count()).toBe(0);
      expect(await inPage(page, 'window.__ran === true')).toBe(false);

      // Gauge: a value that moves, coloured critical (humidity ~60 is past 40), drawn on a canvas.
      const gauge = '.panel-gauge[data-topic="sensors.greenhouse"]';
      await waitInPage(page, `document.querySelector('${gauge}')?.dataset.value > 0`);
      const first = await page.getAttribute(gauge, 'data-value');
      await waitInPage(page, `document.querySelector('${gauge}')?.dataset.value !== ${JSON.stringify(first)}`);
      expect(await page.getAttribute(gauge, 'data-level')).toBe('critical');
      expect(await page.textContent(`${gauge} .gauge-value`)).toMatch(/^\d+(\.\d+)? %$/);
      expect(await page.locator(`${gauge} canvas`).count()).toBe(1);

      // Table: sorted by price, cut to 2 rows, each field with its own unit.
      const rows = '.panel-table tbody tr';
      await waitInPage(page, `document.querySelectorAll('${rows}').length === 2 && document.querySelector('${rows} .cell-value')?.textContent !== '—'`);
      expect(await page.locator(rows).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-topic')))).toEqual(['stocks.GLOBEX', 'stocks.INITECH']);
      const cells = await page.locator(`${rows}:first-child .cell-value`).allTextContents();
      expect(cells[0]).toMatch(/^\$[\d,]+\.\d\d?$/);
      expect(cells[1]).toMatch(/^[\d,]+ shares$/);
      const price = cells[0];
      await waitInPage(page, `document.querySelector('${rows}:first-child .cell-value')?.textContent !== ${JSON.stringify(price)}`);

      // Status: ok, warn and critical tiles by price; a stale topic grey; a failing one striped.
      const tile = (topic: string): string => `.panel-tiles .tile[data-topic="${topic}"]`;
      await waitInPage(page, `document.querySelector('${tile('stocks.ACME')}')?.dataset.state === 'ok'`);
      expect(await page.getAttribute(tile('stocks.ACME'), 'data-level')).toBe('ok');
      expect(await page.getAttribute(tile('stocks.INITECH'), 'data-level')).toBe('warn');
      expect(await page.getAttribute(tile('stocks.GLOBEX'), 'data-level')).toBe('critical');
      await waitInPage(page, `document.querySelector('${tile('system.cpu')}')?.dataset.state === 'error'`);
      expect(await inPage(page, `getComputedStyle(document.querySelector(${JSON.stringify(tile('system.cpu'))})).backgroundImage`)).toMatch(/repeating-linear-gradient/);
      await waitInPage(page, `document.querySelector('${tile('system.temperature')}')?.dataset.stale === 'true'`, 10_000);
      const colours = await page.evaluate(`[${JSON.stringify(tile('system.temperature'))}, ${JSON.stringify(tile('stocks.ACME'))}].map((s) => getComputedStyle(document.querySelector(s)).backgroundColor)`);
      expect((colours as string[])[0]).not.toBe((colours as string[])[1]);

      // A topic created at run time (an MQTT device that speaks first now) joins the glob's panel within a second.
      const device = `${builds.topic}.api`;
      expect(await page.locator(tile(device)).count()).toBe(0);
      const sentAt = Date.now();
      await publisher?.publishAsync(`${builds.mqtt}/api`, '{"m":42}');
      await waitInPage(page, `document.querySelector('${tile(device)}')?.querySelector('.tile-value')?.textContent === '42 min'`, 5_000, 20);
      expect(Date.now() - sentAt).toBeLessThan(1_000);
      expect(await page.getAttribute(tile(device), 'data-level')).toBe('critical');
      // And keeps updating live.
      await publisher?.publishAsync(`${builds.mqtt}/api`, '{"m":5}');
      await waitInPage(page, `document.querySelector('${tile(device)}')?.dataset.level === 'ok'`);
      // A null reading is no news, good or bad: the tile greys instead of showing "—" on green.
      await publisher?.publishAsync(`${builds.mqtt}/api`, '{"m":null}');
      await waitInPage(page, `document.querySelector('${tile(device)}')?.dataset.level === 'none'`);
      expect(await page.textContent(`${tile(device)} .tile-value`)).toBe('—');
      const greys = await page.evaluate(`[${JSON.stringify(tile(device))}, ${JSON.stringify(tile('stocks.ACME'))}].map((s) => getComputedStyle(document.querySelector(s)).backgroundColor)`);
      expect((greys as string[])[0]).not.toBe((greys as string[])[1]);

      const overflow = await inPage(page, '({ x: document.documentElement.scrollWidth > innerWidth, y: document.documentElement.scrollHeight > innerHeight })');
      expect(overflow).toEqual({ x: false, y: false });
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});

describe('a status panel of 200 topics at 1 Hz in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer;
  const count = 200;

  beforeAll(async () => {
    browser = await launchChromium();
    if (!browser) return;
    server = await startServer({
      server: { logLevel: 'silent' },
      storage: false,
      feeds: Array.from({ length: count }, (_, i) => ({ kind: 'stock' as const, topic: `fleet.host${i}`, intervalMs: 1_000, seed: i + 1 })),
      dashboards: [{ id: 'fleet', title: 'Fleet', panels: [{ type: 'status', topics: ['fleet.*'], fields: ['price'] }] }],
    }, { webRoot: WEB_ROOT });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fits every tile with no scrollbar and writes the DOM once per frame at most', async (ctx) => {
    if (!browser) return ctx.skip();
    // Marks the DOM writes made inside an animation frame: the frame scheduler's draws.
    const probe = `
      window.__frames = 0; window.__inFrame = false; window.__writes = { inFrame: 0, outside: 0, frames: new Set() };
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => raf((t) => { window.__frames += 1; window.__inFrame = true; try { cb(t); } finally { queueMicrotask(() => { window.__inFrame = false; }); } });
    `;
    const wall = await openPage(browser, `${server.url}/d/fleet`, probe);
    try {
      const { page } = wall;
      await waitInPage(page, `document.querySelectorAll('.tile').length === ${count} && [...document.querySelectorAll('.tile-value')].every((v) => v.textContent !== '—')`, 15_000);
      await page.evaluate(`new MutationObserver(() => {
        if (window.__inFrame) { window.__writes.inFrame += 1; window.__writes.frames.add(window.__frames); } else window.__writes.outside += 1;
      }).observe(document.querySelector('.panel-tiles'), { subtree: true, childList: true, characterData: true, attributes: true })`);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      const writes = await inPage<{ inFrame: number; outside: number; frames: number }>(page, '({ inFrame: window.__writes.inFrame, outside: window.__writes.outside, frames: window.__writes.frames.size })');
      // Samples arrived (3 a topic), and every DOM write was made in a frame, one batch a frame.
      expect(writes.inFrame).toBeGreaterThan(0);
      expect(writes.outside).toBe(0);
      expect(writes.inFrame).toBe(writes.frames);
      const fit = await inPage<{ overflow: boolean; clipped: number }>(page, `({
        overflow: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
        clipped: [...document.querySelectorAll('.tile')].filter((t) => { const r = t.getBoundingClientRect(); const p = document.querySelector('.panel-tiles').getBoundingClientRect(); return r.bottom > p.bottom + 1 || r.right > p.right + 1 || r.height < 8; }).length,
      })`);
      expect(fit).toEqual({ overflow: false, clipped: 0 });
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});

describe('a table or status panel whose globs the server refuses, in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer;

  beforeAll(async () => {
    browser = await launchChromium();
    if (!browser) return;
    // Two topics a connection: the wall's named subscribe takes both, so its glob is one too many.
    server = await startServer({
      server: { logLevel: 'silent', limits: { maxTopicsPerSocket: 2 } },
      storage: false,
      feeds: [
        { kind: 'stock', topic: 'stocks.ACME', intervalMs: 200, seed: 1 },
        { kind: 'stock', topic: 'stocks.GLOBEX', intervalMs: 200, seed: 2 },
      ],
      dashboards: [{ id: 'refused', title: 'Refused', panels: [{ type: 'status', topics: ['stocks.*'], fields: ['price'] }, { type: 'table', topics: ['stocks.*'] }] }],
    }, { webRoot: WEB_ROOT });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says so on each such panel, and still shows the topics it had by name', async (ctx) => {
    if (!browser) return ctx.skip();
    const wall = await openPage(browser, `${server.url}/d/refused`);
    try {
      const { page } = wall;
      for (const panel of ['.panel-tiles', '.panel-table']) {
        await waitInPage(page, `document.querySelector('${panel}')?.dataset.problem !== undefined`);
        expect(await page.textContent(`${panel} .panel-status`)).toMatch(
          /^subscribe refused for stocks\.\*: LIVEWALL_ERR_LIMIT_EXCEEDED: a connection may hold 2 topics and globs; this one holds 2 and asked for 1 more; new topics will not join$/,
        );
      }
      await waitInPage(page, `[...document.querySelectorAll('.tile-value')].filter((v) => v.textContent !== '—').length === 2`);
      // The topics came by name: their tiles and rows are live, not marked missing.
      expect(await page.locator('.tile[data-state="missing"], tr[data-state="missing"]').count()).toBe(0);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });
});
