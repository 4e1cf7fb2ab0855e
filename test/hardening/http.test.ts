import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import type { ConfigError } from '../../src/config/load';
import { simulatedConfig } from '../helpers/configs';
import { startServer, WEB_ROOT, type TestServer } from '../helpers/server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HTTP hardening', () => {
  it('sends a CSP the wall passes, no sniffing, no framing by others, and no HSTS on a plain-HTTP LAN', async () => {
    server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT });
    for (const path of ['/', '/app.js', '/api/topics', '/nope']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect({ path, csp }).toMatchObject({ csp: expect.stringContaining("script-src 'self'") });
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('serves source maps only when server.sourceMaps asks for them', async () => {
    server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT });
    expect((await fetch(`${server.url}/app.js.map`)).status).toBe(404);
    await server.close();
    server = await startServer(simulatedConfig({ server: { logLevel: 'silent', sourceMaps: true } }), { webRoot: WEB_ROOT });
    expect((await fetch(`${server.url}/app.js.map`)).status).toBe(200);
  });

  it('answers a 404 with JSON under /api and a plain page elsewhere, never echoing a long path whole', async () => {
    server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT });
    const api = await fetch(`${server.url}/api/${'x'.repeat(10_000)}`);
    expect(api.status).toBe(404);
    expect((await api.text()).length).toBeLessThan(300);
    const page = await fetch(`${server.url}/no/such/page`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await page.text()).not.toMatch(/Cannot GET|express/i);
  });

  it('says ready once the feeds run, and not while shutting down', async () => {
    server = await startServer(simulatedConfig());
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready', storage: { mode: 'memory' } });
    const closing = server.app.close();
    // The listener still answers for a moment while connections drain.
    const during = await fetch(`${server.url}/readyz`).then((res) => res.status, () => 'closed');
    expect([503, 'closed']).toContain(during);
    await closing;
  });

  it('serves /metrics in Prometheus text, with counters that move', async () => {
    server = await startServer(simulatedConfig());
    const socket = await server.connect();
    await socket.timeout(5000).emitWithAck('subscribe', { topics: ['stocks.ACME'] });
    const scrape = async (): Promise<Map<string, number>> => {
      const text = await (await fetch(`${server?.url}/metrics`)).text();
      const values = new Map<string, number>();
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#')) continue;
        const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[\d.e+-]+|NaN|[+-]?Inf)$/i.exec(line);
        expect(match, `not Prometheus text: ${line}`).not.toBeNull();
        values.set(match?.[1] as string, Number(match?.[2]));
      }
      return values;
    };
    const first = await scrape();
    expect(first.get('livewall_connections')).toBe(1);
    expect(first.get('livewall_topic_subscribers{topic="stocks.ACME"}')).toBe(1);
    expect(first.has('livewall_nodejs_eventloop_lag_seconds')).toBe(true);
    const delivered = first.get('livewall_samples_delivered_total') ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await scrape();
    expect(second.get('livewall_samples_delivered_total') ?? 0).toBeGreaterThan(delivered);
    expect(second.get('livewall_samples_published_total{topic="stocks.ACME"}') ?? 0).toBeGreaterThan(first.get('livewall_samples_published_total{topic="stocks.ACME"}') ?? 0);
    expect(second.get('livewall_feed_poll_seconds_count{topic="stocks.ACME"}') ?? 0).toBeGreaterThan(0);
  });
});

describe('config for viewer tokens', () => {
  it('names a dashboard a token is scoped to that does not exist', () => {
    let problems: readonly string[] = [];
    try {
      parseConfig(simulatedConfig({ server: { viewerTokens: [{ token: 'a-token-of-16-chars+', dashboards: ['nope'] }] } }));
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual(['server.viewerTokens[0].dashboards[0]: unknown dashboard "nope"']);
  });
});
