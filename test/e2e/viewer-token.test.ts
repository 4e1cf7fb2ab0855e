import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulatedConfig } from '../helpers/configs';
import { startServer, WEB_ROOT, type TestServer } from '../helpers/server';
import { inPage, launchChromium, openPage, waitForPoints, waitInPage } from './browser';

/**
 * A kiosk TV with a viewer token in its URL fragment, and pages of other origins, in Chromium:
 * what a wall on an office network must let in and keep out.
 */
const LOBBY_TOKEN = 'lobby-tv-token-0123456789';
const base = simulatedConfig();
const config = simulatedConfig({
  server: { logLevel: 'silent', viewerTokens: [{ name: 'lobby TV', token: LOBBY_TOKEN, dashboards: ['lobby'] }] },
  dashboards: [
    { id: 'lobby', title: 'Lobby', panels: [{ topic: 'stocks.ACME', type: 'line', fields: ['price'] }] },
    { id: 'ops', title: 'Operations', panels: [{ topic: 'sensors.greenhouse', type: 'line' }] },
    ...(base.dashboards ?? []),
  ],
});

/** Another site, as Chromium sees it: its name resolves to this machine, but it is not localhost (which the wall lets in). */
const ELSEWHERE_HOST = 'elsewhere.test';

let browser: Browser | undefined;
let server: TestServer | undefined;
let other: Server | undefined;
beforeAll(async () => {
  browser = await launchChromium([`--host-resolver-rules=MAP ${ELSEWHERE_HOST} 127.0.0.1`]);
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await new Promise((resolve) => (other ? other.close(resolve) : resolve(undefined)));
  other = undefined;
});

/** Serves a blank page at http://elsewhere.test:PORT: another origin, as a site on the web would be. */
async function otherOrigin(): Promise<string> {
  other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => other?.listen(0, '127.0.0.1', resolve));
  return `http://${ELSEWHERE_HOST}:${(other.address() as AddressInfo).port}`;
}

/** In the page: opens a raw engine.io WebSocket to the wall and says whether the handshake opened. */
const tryWebSocket = (wallUrl: string): string => `new Promise((resolve) => {
  const ws = new WebSocket(${JSON.stringify(`${wallUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`)});
  ws.onmessage = (event) => { resolve(String(event.data).startsWith('0') ? 'open' : 'other: ' + event.data); ws.close(); };
  ws.onerror = () => resolve('refused');
  setTimeout(() => resolve('timeout'), 5000);
})`;

describe('viewer tokens and origins in Chromium', { timeout: 60_000 }, () => {
  it('shows a kiosk its dashboard with the token from the URL fragment, and nothing the token does not cover', async (ctx) => {
    if (!browser) return ctx.skip();
    server = await startServer(config, { webRoot: WEB_ROOT });
    const wall = await openPage(browser, `${server.url}/d/lobby#token=${LOBBY_TOKEN}`);
    try {
      const { page } = wall;
      await waitForPoints(page, 'stocks.ACME', 3);
      await page.waitForSelector('.badge[data-state="connected"]');
      // The API the page reads answers for the token's scope only.
      const topics = await inPage<string[]>(page, `fetch('/api/topics', { headers: { authorization: 'Bearer ${LOBBY_TOKEN}' } }).then((r) => r.json()).then((b) => b.topics.map((t) => t.meta.topic))`);
      expect(topics).toEqual(['stocks.ACME']);
      // The dashboards list keeps the token, and lists only the lobby.
      await page.click('a.control');
      await page.waitForSelector('.dashboard-list a, a[href^="/d/"]');
      expect(page.url()).toContain(`#token=${LOBBY_TOKEN}`);
      const listed = await page.locator('a[href^="/d/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      expect(listed).toEqual([`/d/lobby#token=${LOBBY_TOKEN}`]);
      expect(wall.errors).toEqual([]);
    } finally {
      await wall.close();
    }
  });

  it('shows a page without a token, or with a token for another dashboard, nothing', async (ctx) => {
    if (!browser) return ctx.skip();
    server = await startServer(config, { webRoot: WEB_ROOT });
    const bare = await openPage(browser, `${server.url}/d/lobby`);
    try {
      await waitInPage(bare.page, "document.getElementById('app').textContent.includes('Livewall could not start')", 10_000);
      expect(await inPage(bare.page, "document.querySelectorAll('.panel').length")).toBe(0);
    } finally {
      await bare.close();
    }
    const scoped = await openPage(browser, `${server.url}/d/ops#token=${LOBBY_TOKEN}`);
    try {
      await waitInPage(scoped.page, "document.querySelector('.wall-message')?.textContent === 'No dashboard \"ops\".'", 10_000);
      expect(await inPage(scoped.page, "document.querySelectorAll('.panel[data-topic=\"sensors.greenhouse\"]').length")).toBe(0);
    } finally {
      await scoped.close();
    }
  });

  it('refuses a WebSocket from a page of another origin, and takes one from an allowed origin', async (ctx) => {
    if (!browser) return ctx.skip();
    const elsewhere = await otherOrigin();
    server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT });
    const page = await openPage(browser, `${elsewhere}/`);
    try {
      expect(await inPage(page.page, tryWebSocket(server.url))).toBe('refused');
    } finally {
      await page.close();
    }
    await server.close();
    server = await startServer(simulatedConfig({ server: { logLevel: 'silent', allowedOrigins: [elsewhere] } }), { webRoot: WEB_ROOT });
    const allowed = await openPage(browser, `${elsewhere}/`);
    try {
      expect(await inPage(allowed.page, tryWebSocket(server.url))).toBe('open');
    } finally {
      await allowed.close();
    }
  });
});
