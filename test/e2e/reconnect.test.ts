import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedConfig } from '../helpers/configs';
import { startServer, WEB_ROOT, type TestServer } from '../helpers/server';
import { inPage, launchChromium, openPage, pointsOf, seriesXs, unorderedSeries, waitForPoints, waitInPage } from './browser';

// While the server is down Chromium itself logs the refused connections; those are expected here.
const NETWORK_NOISE = /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/;

// Every panel type, so a restart's history replace goes through each kind of Chart.js controller.
const base = simulatedConfig();
const config = simulatedConfig({
  dashboards: [
    {
      id: 'wall',
      title: 'Every panel type',
      panels: [
        ...(base.dashboards?.[0]?.panels ?? []),
        { topic: 'stocks.ACME', type: 'bar', fields: ['volume'] },
        { topic: 'stocks.GLOBEX', type: 'area', fields: ['changePct'] },
      ],
    },
  ],
});

// Browser, server restarts and reconnect back-off together can outlast the default on a busy 2-core machine.
describe('a wall whose server restarts', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows reconnecting while the server is down, then resumes on the same port without reloading', async (ctx) => {
    if (!browser) return ctx.skip();
    server = await startServer(config, { webRoot: WEB_ROOT });
    const { port } = server;
    const wall = await openPage(browser, `${server.url}/`);
    try {
      const { page } = wall;
      await page.waitForSelector('.badge[data-state="connected"]');
      await waitForPoints(page, 'stocks.GLOBEX', 5);
      await inPage(page, "window.livewallTestMarker = 'still here'");
      const globexXs = async (): Promise<number[]> => (await seriesXs(page)).find(({ topic }) => topic === 'stocks.GLOBEX')?.xs[0] ?? [];
      const firstX = async (): Promise<number> => (await globexXs())[0] ?? 0;
      const oldRunNewest = Math.max(...(await globexXs()));

      await server.close();
      server = undefined;
      await page.waitForSelector('.badge[data-state="reconnecting"]', { timeout: 5_000 });
      expect(await page.textContent('.badge')).toMatch(/^reconnecting \(attempt \d+\)$/);

      server = await startServer(config, { webRoot: WEB_ROOT, port });
      await page.waitForSelector('.badge[data-state="connected"]', { timeout: 20_000 });

      // The new run's history replaced the old run's points (another epoch), rather than piling on them…
      await expect.poll(firstX, { timeout: 20_000 }).toBeGreaterThan(oldRunNewest);
      // …and the charts resume: the new run's samples arrive and keep arriving.
      const resumed = await pointsOf(page, 'stocks.GLOBEX');
      await waitForPoints(page, 'stocks.GLOBEX', resumed + 3);
      await waitForPoints(page, 'sensors.greenhouse', (await pointsOf(page, 'sensors.greenhouse')) + 3);
      expect(await inPage(page, 'window.livewallTestMarker')).toBe('still here');
      expect(unorderedSeries(await seriesXs(page))).toEqual([]);
      expect(wall.errors.filter((error) => !NETWORK_NOISE.test(error))).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('reloads itself when the server comes back with another build (a deploy)', async (ctx) => {
    if (!browser) return ctx.skip();
    server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT, build: 'build-one' });
    const { port } = server;
    const wall = await openPage(browser, `${server.url}/`);
    try {
      const { page } = wall;
      await page.waitForSelector('.badge[data-state="connected"]');
      await inPage(page, "window.livewallTestMarker = 'old page'");
      await server.close();
      server = undefined;
      server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT, build: 'build-two', port });
      await waitInPage(page, "!('livewallTestMarker' in window)", 30_000);
      await page.waitForSelector('.badge[data-state="connected"]');
      await waitForPoints(page, 'stocks.GLOBEX', 1);
    } finally {
      await wall.close();
    }
  });
});
