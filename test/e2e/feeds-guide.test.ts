import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { brokerTestsCanRun, connectPublisher, SYSTEM_BROKER_URL } from '../../src/feeds/mqtt/testdata/mosquitto';
import { startServerFromFile, WEB_ROOT, type TestServer } from '../helpers/server';
import { launchChromium, openPage, pointsOf, waitInPage, type WallPage } from './browser';

/*
 * docs/feeds.md, tried as a new user tries it: the example configs it links, served as
 * `livewall serve --config …` serves them, a wall open in Chromium, and the guide's `curl` and
 * `mosquitto_pub` lines (sent here with fetch and an MQTT client) showing up on the wall.
 */

const TOKEN = 'guide-build-token-0123456789abcdef';

describe('the examples of docs/feeds.md on a wall in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  let wall: WallPage | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await wall?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    wall = undefined;
    server = undefined;
    delete process.env.LIVEWALL_BUILD_TOKEN;
  });

  /** Serves an example as shipped, but with the history store off: test files run side by side. */
  async function serveExample(name: string): Promise<{ server: TestServer; wall: WallPage }> {
    if (!browser) throw new Error('no browser');
    dir = await mkdtemp(path.join(tmpdir(), 'livewall-guide-'));
    const file = path.join(dir, name);
    const example = JSON.parse(await readFile(path.join('config/examples', name), 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...example, storage: false }));
    server = await startServerFromFile(file, { webRoot: WEB_ROOT });
    wall = await openPage(browser, server.url);
    await wall.page.waitForSelector('.badge[data-state="connected"]');
    return { server, wall };
  }

  it('push.json: the curl POST of the guide shows on the wall', async (ctx) => {
    if (!browser) return ctx.skip();
    process.env.LIVEWALL_BUILD_TOKEN = TOKEN;
    const { server, wall } = await serveExample('push.json');
    const before = await pointsOf(wall.page, 'build.queue');
    const res = await fetch(`${server.url}/api/topics/build.queue`, {
      method: 'POST',
      // What `curl -d` sends: no JSON content type.
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"values": {"depth": 12, "agents": 3}}',
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    await waitInPage(wall.page, `Number(document.querySelector('.panel[data-topic="build.queue"]')?.dataset.points) > ${before}`);
    expect(await wall.page.textContent('.panel-stat[data-topic="build.queue"] .stat-value')).toMatch(/^12\b/);
    expect(wall.errors).toEqual([]);
  });

  it('mqtt.json: the mosquitto_pub lines of the guide show on the wall, each device on its panel', async (ctx) => {
    if (!browser || !(await brokerTestsCanRun())) return ctx.skip();
    const { wall } = await serveExample('mqtt.json');
    const publisher = await connectPublisher(SYSTEM_BROKER_URL);
    try {
      // The example's feed subscribes once it connects to the broker; publish until the wall has it.
      for (let i = 0; i < 50 && (await pointsOf(wall.page, 'greenhouse.west')) === 0; i++) {
        await publisher.publishAsync('greenhouse/east/climate', '{"t":21.5,"h":40}');
        await publisher.publishAsync('greenhouse/west/climate', '{"t":18,"h":55}');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await pointsOf(wall.page, 'greenhouse.east')).toBeGreaterThan(0);
      expect(await pointsOf(wall.page, 'greenhouse.west')).toBeGreaterThan(0);
      expect(wall.errors).toEqual([]);
    } finally {
      await publisher.endAsync(true);
    }
  });

  it('simulated.json: every panel fills with nothing outside Livewall', async (ctx) => {
    if (!browser) return ctx.skip();
    const { wall } = await serveExample('simulated.json');
    for (const topic of ['system.cpu', 'stocks.ACME', 'sensors.greenhouse']) {
      await waitInPage(wall.page, `Number(document.querySelector('.panel[data-topic="${topic}"]')?.dataset.points) > 0`, 15_000);
    }
    // The gauge holds a value, not points: the disk's used share.
    await waitInPage(wall.page, `Number(document.querySelector('.panel-gauge[data-topic="system.disk"]')?.dataset.value) > 0`, 15_000);
    expect(await wall.page.locator('.panel[data-problem]').count()).toBe(0);
    expect(wall.errors).toEqual([]);
  });
});
