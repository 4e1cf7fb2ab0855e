import { afterEach, describe, expect, it } from 'vitest';
import type { SystemInfo } from '../../src/feeds/system/system-info';
import { EVENTS, type TopicInfo, type TopicStatus } from '../../src/protocol';
import { eventually, startServer, type TestServer } from '../helpers/server';
import { fixtureSystemInfo } from '../../src/feeds/system/testdata/fixture-system-info';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a failing or hanging feed', () => {
  it('shows an error status while the other topics keep flowing', async () => {
    const systemInfo: SystemInfo = fixtureSystemInfo({
      mem: () => Promise.reject(new Error('cannot read /proc/meminfo')),
      cpuTemperature: () => new Promise(() => {}),
    });
    server = await startServer(
      {
        server: { logLevel: 'silent' },
        feeds: [
          { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
          { kind: 'system', topic: 'system.memory', metric: 'memory', intervalMs: 100 },
          { kind: 'system', topic: 'system.temperature', metric: 'temperature', intervalMs: 100, timeoutMs: 300 },
        ],
      },
      { systemInfo },
    );
    const socket = await server.connect();
    // A viewer learns a status from the subscribe ack, then from `topic status` events.
    const statuses = new Map<string, TopicStatus>();
    socket.on(EVENTS.topicStatus, (event) => statuses.set(event.topic, event.status));
    let stockSamples = 0;
    socket.on(EVENTS.dashboardUpdate, (batch) => (stockSamples += batch.filter((s) => s.topic === 'stocks.ACME').length));
    const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME', 'system.memory', 'system.temperature'] });
    if (!ack.ok) throw new Error(ack.message);
    for (const entry of ack.topics) if (!statuses.has(entry.topic)) statuses.set(entry.topic, entry.status);

    const errorOf = (topic: string) => (statuses.get(topic)?.state === 'error' ? statuses.get(topic)?.error : undefined);
    expect(await eventually(() => errorOf('system.memory'), 10_000, 'memory error')).toBe('cannot read /proc/meminfo');
    expect(await eventually(() => errorOf('system.temperature'), 10_000, 'temperature error')).toBe('poll timed out after 300 ms');
    const before = stockSamples;
    await eventually(() => (stockSamples >= before + 5 ? true : undefined), 10_000, 'stock samples');

    const { topics } = (await (await fetch(`${server.url}/api/topics`)).json()) as { topics: TopicInfo[] };
    const state = Object.fromEntries(topics.map((t) => [t.meta.topic, t.status.state]));
    expect(state).toEqual({ 'stocks.ACME': 'ok', 'system.memory': 'error', 'system.temperature': 'error' });
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; failingTopics: string[] };
    expect(health.status).toBe('ok');
    expect(health.failingTopics.sort()).toEqual(['system.memory', 'system.temperature']);
  });

  it('goes back to ok when the feed recovers, keeping its history', async () => {
    let broken = true;
    const systemInfo = fixtureSystemInfo({
      currentLoad: () => (broken ? Promise.reject(new Error('flaky')) : fixtureSystemInfo().currentLoad()),
    });
    server = await startServer(
      { server: { logLevel: 'silent' }, feeds: [{ kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 100 }] },
      { systemInfo },
    );
    const topic = server.app.hub.get('system.cpu');
    await eventually(() => (topic?.status.state === 'error' ? true : undefined), 10_000, 'error state');
    broken = false;
    await eventually(() => (topic?.status.state === 'ok' ? true : undefined), 10_000, 'ok state');
    expect(topic?.status.failures).toBe(0);
    expect(topic?.history.length).toBeGreaterThan(0);
  });
});
