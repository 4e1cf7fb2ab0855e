import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createFeedRunner, type FeedSet } from '../../src/feeds/feed-runner';
import { mqttFeedSchema } from '../../src/feeds/mqtt/schema';
import { pushFeedSchema } from '../../src/feeds/push/schema';
import type { FeedConfig } from '../../src/feeds/registry';
import { systemFeedSchema } from '../../src/feeds/system/schema';
import { fixtureSystemInfo } from '../../src/feeds/system/testdata/fixture-system-info';
import { Hub } from '../../src/hub/hub';
import { ERROR_CODES } from '../../src/protocol';

const TOKEN = 'feed-runner-test-token-123';
const log = pino({ level: 'silent' });

/** Push feeds: no timers, so every sample here is one the test sent. */
const pushFeed = (topic: string, extra: Record<string, unknown> = {}): FeedConfig =>
  pushFeedSchema.parse({ kind: 'push', topic, fields: [{ name: 'v' }], token: TOKEN, ...extra });

const set = (feeds: FeedConfig[], maxSamples = 100): FeedSet => ({ feeds, history: { maxSamples, maxAgeMs: 3_600_000 }, dashboardTopics: new Set() });

function setUp(feeds: FeedConfig[]) {
  const hub = new Hub();
  const runner = createFeedRunner(set(feeds), hub, { systemInfo: fixtureSystemInfo() }, log);
  runner.start();
  let ts = Date.now() - 100_000;
  const send = (topic: string, count = 1) => {
    for (let i = 0; i < count; i += 1) {
      ts += 1;
      expect(runner.push(topic, TOKEN, [{ values: { v: i }, ts }])).toMatchObject({ ok: true });
    }
  };
  return { hub, runner, send };
}

describe('feed runner', () => {
  it('registers every feed\'s topics before it starts, pending', () => {
    const hub = new Hub();
    createFeedRunner(set([pushFeed('a.one'), pushFeed('a.two')]), hub, { systemInfo: fixtureSystemInfo() }, log);
    expect(hub.list().map((topic) => [topic.meta.topic, topic.status.state])).toEqual([
      ['a.one', 'pending'],
      ['a.two', 'pending'],
    ]);
  });

  it('applies a new set: adds, removes, and leaves an unchanged feed and its topic alone', () => {
    const { hub, runner, send } = setUp([pushFeed('a.one'), pushFeed('a.two')]);
    send('a.one', 3);
    const topic = hub.get('a.one');
    expect(runner.apply(set([pushFeed('a.one'), pushFeed('a.three')]))).toEqual({ added: ['a.three'], removed: ['a.two'], restarted: [] });
    expect(hub.list().map((t) => t.meta.topic)).toEqual(['a.one', 'a.three']);
    expect(hub.get('a.one')).toBe(topic);
    send('a.one');
    expect(hub.backfill('a.one').history.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    expect(runner.push('a.two', TOKEN, [{ values: { v: 1 } }])).toMatchObject({ ok: false, code: ERROR_CODES.TOPIC_UNKNOWN });
  });

  it('restarts a changed feed under its topic, which keeps its history and numbers on', () => {
    const { hub, runner, send } = setUp([pushFeed('a.one')]);
    send('a.one', 2);
    expect(runner.apply(set([pushFeed('a.one', { title: 'Renamed', fields: [{ name: 'v' }, { name: 'w' }] })])).restarted).toEqual(['a.one']);
    expect(hub.get('a.one')?.meta).toMatchObject({ title: 'Renamed', fields: [{ name: 'v' }, { name: 'w' }] });
    send('a.one');
    expect(hub.backfill('a.one').history.map((s) => s.seq)).toEqual([1, 2, 3]);
  });

  it('never reuses a seq when a removed topic comes back', () => {
    const { hub, runner, send } = setUp([pushFeed('a.one')]);
    send('a.one', 5);
    runner.apply(set([pushFeed('a.other')]));
    expect(hub.get('a.one')).toBeUndefined();
    runner.apply(set([pushFeed('a.one')]));
    send('a.one');
    expect(hub.backfill('a.one').history.map((s) => s.seq)).toEqual([6]);
  });

  it('resizes history when only server.history changed, without restarting the feed', () => {
    const { hub, runner, send } = setUp([pushFeed('a.one')]);
    send('a.one', 10);
    expect(runner.apply(set([pushFeed('a.one')], 4))).toEqual({ added: [], removed: [], restarted: [] });
    expect(hub.backfill('a.one').history.map((s) => s.seq)).toEqual([7, 8, 9, 10]);
    send('a.one');
    expect(hub.backfill('a.one').history.map((s) => s.seq)).toEqual([8, 9, 10, 11]);
  });

  it('says TOPIC_NOT_PUSH for a topic whose feed fetches its own samples, and stops taking pushes once stopped', () => {
    const { runner } = setUp([pushFeed('a.one'), systemFeedSchema.parse({ kind: 'system', topic: 'system.cpu', metric: 'cpu' })]);
    expect(runner.push('system.cpu', TOKEN, [{ values: { total: 1 } }])).toMatchObject({ ok: false, code: ERROR_CODES.TOPIC_NOT_PUSH });
    runner.stop();
    runner.stop();
    expect(runner.push('a.one', TOKEN, [{ values: { v: 1 } }])).toMatchObject({ ok: false });
  });

  it('leaves a feed alone on a reload after another node held it for a while (its dashboard topic included)', () => {
    let runsHere = true;
    const hub = new Hub();
    const withPanel = (): FeedSet => ({ ...set([pushFeed('a.one')]), dashboardTopics: new Set(['a.one']) });
    const runner = createFeedRunner(withPanel(), hub, { systemInfo: fixtureSystemInfo() }, log, { runs: () => runsHere });
    runner.start();
    expect(runner.apply(withPanel()).restarted).toEqual([]);
    // Its lease went to another node and came back: the feed was rebuilt from its kept config.
    runsHere = false;
    runner.reconcile();
    runsHere = true;
    runner.reconcile();
    expect(runner.apply(withPanel())).toEqual({ added: [], removed: [], restarted: [] });
    runner.stop();
  });

  it('gives a topic to the feed that names it exactly, not to an MQTT template that could make it too', () => {
    const hub = new Hub();
    // Nothing listens on port 1: the MQTT feed only tries to connect, and fails.
    const mqtt = mqttFeedSchema.parse({ kind: 'mqtt', url: 'mqtt://127.0.0.1:1', subscribe: 'build/+', topic: 'build.{1}', fields: [{ name: 'v' }] });
    const feeds = [pushFeed('build.queue'), mqtt];
    const runner = createFeedRunner({ ...set(feeds), dashboardTopics: new Set(['build.queue', 'build.agents']) }, hub, { systemInfo: fixtureSystemInfo() }, log);
    runner.start();
    try {
      expect(runner.push('build.queue', TOKEN, [{ values: { v: 1 } }])).toEqual({ ok: true, accepted: 1 });
      expect(hub.get('build.queue')?.meta.kind).toBe('push');
      // A dashboard topic that only the template makes is the MQTT feed's, pending until a device speaks.
      expect(hub.get('build.agents')?.meta.kind).toBe('mqtt');
      expect(runner.topicsOf('build.{1}')).toEqual(['build.agents']);
    } finally {
      runner.stop();
    }
  });
});
