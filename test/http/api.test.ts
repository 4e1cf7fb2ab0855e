import { afterEach, describe, expect, it } from 'vitest';
import type { Sample, TopicInfo } from '../../src/protocol';
import { simulatedConfig } from '../helpers/configs';
import { eventually, startServer, WEB_ROOT, type TestServer } from '../helpers/server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function getJson(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server?.url}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('HTTP API', () => {
  it('lists every topic with its metadata and status', async () => {
    server = await startServer(simulatedConfig());
    const { status, body } = await getJson('/api/topics');
    expect(status).toBe(200);
    const { epoch, topics } = body as { epoch: string; topics: TopicInfo[] };
    expect(epoch).toBe(server.app.hub.epoch);
    expect(topics.map((t) => t.meta.topic)).toEqual(['stocks.ACME', 'stocks.GLOBEX', 'sensors.greenhouse']);
    expect(topics[2]?.meta.fields.map((f) => f.name)).toEqual(['temperature', 'humidity']);
    expect(topics[0]?.status.state).toMatch(/^(pending|ok)$/);
  });

  it('serves a topic\'s history, and only what follows `since`', async () => {
    server = await startServer(simulatedConfig());
    await eventually(() => ((server?.app.hub.get('stocks.ACME')?.history.length ?? 0) >= 4 ? true : undefined), 10_000, 'history');
    const all = (await getJson('/api/topics/stocks.ACME/history')).body as { samples: Sample[]; recovered: boolean };
    expect(all.samples[0]?.seq).toBe(1);
    expect(all.recovered).toBe(false);
    const tail = (await getJson('/api/topics/stocks.ACME/history?since=2')).body as { samples: Sample[]; recovered: boolean };
    expect(tail.recovered).toBe(true);
    expect(tail.samples[0]?.seq).toBe(3);
  });

  it('answers bad requests with a coded JSON error', async () => {
    server = await startServer(simulatedConfig());
    expect(await getJson('/api/topics/no.such/history')).toEqual({
      status: 404,
      body: { error: { code: 'LIVEWALL_ERR_TOPIC_UNKNOWN', message: 'unknown topic "no.such"' } },
    });
    expect(await getJson('/api/topics/stocks.ACME/history?since=abc')).toEqual({
      status: 400,
      body: { error: { code: 'LIVEWALL_ERR_REQUEST_INVALID', message: 'since: must be a whole number' } },
    });
    expect((await getJson('/api/topics/stocks.ACME/history?since=1&since=2')).status).toBe(400);
    expect((await getJson('/api/nothing')).body).toEqual({ error: { code: 'LIVEWALL_ERR_NOT_FOUND', message: 'no route for GET /api/nothing' } });
  });

  it('reports health, and the dashboards for the wall display', async () => {
    server = await startServer(simulatedConfig(), { build: 'build-123' });
    expect(await getJson('/healthz')).toMatchObject({ status: 200, body: { status: 'ok', build: 'build-123', topics: 3, failingTopics: [] } });
    const { body } = await getJson('/api/dashboards');
    expect(body).toMatchObject({ build: 'build-123', timeZone: null, dashboards: [{ id: 'wall', title: 'Test wall' }] });
  });

  it('serves the built wall display at / and at dashboard URLs', async () => {
    server = await startServer(simulatedConfig(), { webRoot: WEB_ROOT });
    for (const path of ['/', '/d/wall', '/dashboards']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<script type="module" src="/app.js"></script>');
    }
    expect((await fetch(`${server.url}/app.js`)).status).toBe(200);
  });
});
