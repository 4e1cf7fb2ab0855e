import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../config/load';
import { ERROR_CODES } from '../../errors';
import { formatIssues } from '../../validation/issues';
import type { JsonField } from '../json-fields';
import { mqttKind } from './index';
import { createLogThrottle } from './log-throttle';
import { createOutageTracker } from './outage';
import { readPayload } from './payload';
import { mqttFeedSchema, type MqttFeedConfig } from './schema';
import { createTopicMapping, filterProblem } from './topic-mapping';

const BASE = {
  kind: 'mqtt',
  url: 'mqtt://127.0.0.1:1883',
  subscribe: 'greenhouse/+/climate',
  topic: 'greenhouse.{1}',
  fields: [
    { name: 'temp', path: '$.t', unit: '°C' },
    { name: 'humidity', path: '$.h', unit: '%' },
  ],
};

function mqttConfig(extra: Record<string, unknown> = {}): MqttFeedConfig {
  return mqttFeedSchema.parse({ ...BASE, ...extra });
}

/** Every problem the schema finds, as `path: message` lines. */
function problemsOf(extra: Record<string, unknown>): string[] {
  const result = mqttFeedSchema.safeParse({ ...BASE, ...extra });
  return result.success ? [] : formatIssues(result.error.issues);
}

describe('mqtt schema', () => {
  it('takes the documented example and fills in the defaults', () => {
    const config = mqttConfig();
    expect(config).toMatchObject({ qos: 0, maxTopics: 100 });
    expect(config.clientId).toBeUndefined();
    expect(mqttKind.fields(config)).toEqual([
      { name: 'temp', label: 'Temp', unit: '°C' },
      { name: 'humidity', label: 'Humidity', unit: '%' },
    ]);
  });

  it('takes mqtt:, mqtts:, ws: and wss: brokers, and nothing else', () => {
    for (const url of ['mqtt://broker:1883', 'mqtts://broker', 'ws://broker/mqtt', 'wss://u:p@broker:8884/mqtt']) expect(problemsOf({ url })).toEqual([]);
    for (const url of ['http://broker', 'broker:1883', 'mqtt://', 'tcp://broker:1883']) {
      expect(problemsOf({ url })).toEqual(['url: must be a broker URL with the scheme mqtt:, mqtts:, ws: or wss:, such as "mqtt://127.0.0.1:1883"']);
    }
  });

  it('checks the topic filter: "+" and "#" only as whole levels, "#" only last, at most 256 characters', () => {
    for (const subscribe of ['a/b', '+', '#', 'a/+/b/#', '+/+', '/a/', 'a/#']) expect(filterProblem(subscribe), subscribe).toBeUndefined();
    expect(problemsOf({ subscribe: 'a/#/b', topic: 'a.b' })).toEqual(['subscribe: "#" must be the last level, as in "sensors/#"']);
    expect(problemsOf({ subscribe: 'a/b+/c', topic: 'a.b' })).toEqual(['subscribe: level "b+": "+" and "#" must be whole levels, as in "greenhouse/+/climate"']);
    expect(problemsOf({ subscribe: 'a/#x', topic: 'a.b' })).toHaveLength(1);
    expect(problemsOf({ subscribe: '', topic: 'a.b' })).toHaveLength(1);
    expect(problemsOf({ subscribe: `${'a/'.repeat(128)}#`, topic: 'a.b' })).toHaveLength(1);
    expect(problemsOf({ subscribe: `${'a/'.repeat(127)}#`, topic: 'a.b' })).toEqual([]);
    expect(filterProblem('')).toBe('must not be empty');
    expect(filterProblem('a'.repeat(257))).toBe('must have at most 256 characters');
  });

  it('refuses a placeholder that names no wildcard, and says which there are', () => {
    expect(problemsOf({ topic: 'greenhouse.{2}' })).toEqual([
      'topic: {2} refers to no wildcard of "subscribe": "greenhouse/+/climate" has 1 wildcard(s) ("+" and "#", in order), so use {1}',
    ]);
    expect(problemsOf({ topic: 'greenhouse.{0}' })[0]).toMatch(/^topic: \{0\} refers to no wildcard/);
    expect(problemsOf({ subscribe: 'greenhouse/east', topic: 'greenhouse.{1}' })).toEqual([
      'topic: {1} refers to no wildcard of "subscribe": "greenhouse/east" has no wildcard, so the topic takes no placeholder',
    ]);
    expect(problemsOf({ subscribe: 'plant/+/+/#', topic: 'plant.{1}.{2}.{3}' })).toEqual([]);
  });

  it('refuses a topic that is not a topic name once its placeholders are words', () => {
    for (const topic of ['greenhouse.{1}', 'greenhouse.{1}-sensor', '{1}', 'greenhouse']) expect(problemsOf({ topic }), topic).toEqual([]);
    for (const topic of ['greenhouse/{1}', 'greenhouse..{1}', 'greenhouse.{x}', 'greenhouse.{1', '']) {
      expect(problemsOf({ topic })[0], topic).toMatch(/^topic: must be dot-separated words/);
    }
  });

  it('takes a field without a path only when it is the only one, and refuses duplicate names', () => {
    expect(problemsOf({ fields: [{ name: 'value' }] })).toEqual([]);
    expect(problemsOf({ fields: [{ name: 'temp', path: '$.t' }, { name: 'humidity' }] })).toEqual([
      'fields[1].path: is required when there are several fields; only a single field may go without, and then the payload is a plain number',
    ]);
    expect(problemsOf({ fields: [{ name: 'temp', path: '$.t' }, { name: 'temp', path: '$.u' }] })).toEqual(['fields[1].name: duplicate field "temp"; field names must be unique']);
    expect(problemsOf({ fields: [] })).toHaveLength(1);
    expect(problemsOf({ fields: [{ name: 'temp', path: 't' }] })[0]).toMatch(/^fields\[0\]\.path: must be a JSONPath expression/);
  });

  it('lists every problem at once, and takes qos 0 or 1 and maxTopics 1..10,000', () => {
    const problems = problemsOf({ url: 'http://x', subscribe: 'a/#/b', fields: [{ name: 'a' }, { name: 'b' }], qos: 2, maxTopics: 0 });
    expect(problems.map((problem) => problem.slice(0, problem.indexOf(':')))).toEqual(['url', 'subscribe', 'fields[0].path', 'fields[1].path', 'qos', 'maxTopics']);
    expect(mqttConfig({ qos: 1, maxTopics: 10_000 })).toMatchObject({ qos: 1, maxTopics: 10_000 });
    expect(problemsOf({ maxTopics: 10_001 })).toHaveLength(1);
    expect(problemsOf({ clientid: 'x' })).toEqual(['(root): Unrecognized key: "clientid"']);
  });

  it('lets dashboards name the topics a template produces, and no others', () => {
    const config = (topic: string) => ({
      feeds: [{ ...BASE }],
      dashboards: [{ id: 'wall', title: 'Wall', panels: [{ topic, fields: ['temp'] }] }],
    });
    expect(() => parseConfig(config('greenhouse.east'))).not.toThrow();
    expect(() => parseConfig(config('greenhouse'))).toThrow(/unknown topic "greenhouse": no feed publishes it/);
    expect(() => parseConfig(config('greenhouse.east.wing'))).toThrow(/unknown topic/);
    expect(() => parseConfig(config('stable.east'))).toThrow(/unknown topic/);
  });
});

describe('topic mapping', () => {
  it('gives each "+" one word and "{n}" wildcard n', () => {
    const mapping = createTopicMapping('site/+/room/+/climate', 'climate.{2}.{1}');
    expect(mapping.map('site/berlin/room/kitchen/climate')).toEqual({ ok: true, topic: 'climate.kitchen.berlin' });
    expect(mapping.map('site/berlin/room/kitchen/power')).toEqual({ ok: false, reason: '"site/+/room/+/climate" does not match it' });
    expect(mapping.map('site/berlin/room/kitchen/climate/extra').ok).toBe(false);
  });

  it('joins the levels "#" matched with dots', () => {
    const mapping = createTopicMapping('plant/#', 'plant.{1}');
    expect(mapping.map('plant/line1/press4')).toEqual({ ok: true, topic: 'plant.line1.press4' });
    expect(mapping.map('plant/line1')).toEqual({ ok: true, topic: 'plant.line1' });
    // "plant/#" also matches "plant" itself, which leaves {1} nothing.
    expect(mapping.map('plant')).toEqual({ ok: false, reason: 'wildcard {1} matched no level' });
  });

  it('maps nothing whose levels are not topic words', () => {
    const mapping = createTopicMapping('greenhouse/+/climate', 'greenhouse.{1}');
    expect(mapping.map('greenhouse/east wing/climate')).toEqual({ ok: false, reason: 'level "east wing" is not a topic word (letters, digits, "_" and "-")' });
    expect(mapping.map('greenhouse//climate').ok).toBe(false);
    expect(mapping.map('greenhouse/a.b/climate').ok).toBe(false);
    expect(createTopicMapping('plant/#', 'plant.{1}').map('plant/line1//press').ok).toBe(false);
    expect(createTopicMapping('plant/#', 'p.{1}').map(`plant/${'x/'.repeat(70)}x`)).toEqual({ ok: false, reason: 'it maps to a topic longer than 128 characters' });
  });

  it('sends every message to the one topic of a template without placeholders, whatever its levels', () => {
    const mapping = createTopicMapping('greenhouse/+/climate', 'greenhouse.all');
    expect(mapping.hasPlaceholders).toBe(false);
    expect(mapping.map('greenhouse/east wing/climate')).toEqual({ ok: true, topic: 'greenhouse.all' });
    expect(mapping.publishes('greenhouse.all')).toBe(true);
    expect(mapping.publishes('greenhouse.east')).toBe(false);
  });

  it('says which topic names a template can produce', () => {
    const plus = createTopicMapping('greenhouse/+/climate', 'greenhouse.{1}');
    expect(plus.hasPlaceholders).toBe(true);
    expect(['greenhouse.east', 'greenhouse.West-2'].map((t) => plus.publishes(t))).toEqual([true, true]);
    expect(['greenhouse', 'greenhouse.', 'greenhouse.a.b', 'greenhousex.east', 'xgreenhouse.east'].map((t) => plus.publishes(t))).toEqual([false, false, false, false, false]);
    const hash = createTopicMapping('plant/#', 'plant.{1}.state');
    expect(['plant.a.state', 'plant.a.b.c.state'].map((t) => hash.publishes(t))).toEqual([true, true]);
    expect(hash.publishes('plant.state')).toBe(false);
    const twice = createTopicMapping('x/+/+', 'x.{1}.{2}.{1}');
    expect(twice.publishes('x.a.b.a')).toBe(true);
    expect(twice.publishes('x.a.b.c')).toBe(false);
    // "." in a template is a literal dot, not "any character".
    expect(createTopicMapping('a/+', 'a.{1}').publishes('aXb')).toBe(false);
  });

  it('is the kind\'s `publishes`', () => {
    const config = mqttConfig();
    expect(mqttKind.publishes?.(config, 'greenhouse.east')).toBe(true);
    expect(mqttKind.publishes?.(config, 'greenhouse.{1}')).toBe(false);
  });
});

describe('mqtt payload', () => {
  const fields: JsonField[] = [
    { name: 'temp', path: '$.t' },
    { name: 'humidity', path: '$.h' },
  ];
  const read = (text: string, which = fields) => readPayload('greenhouse/east/climate', Buffer.from(text), which);

  it('reads each field by its path', () => {
    expect(read('{"t":21.5,"h":"40"}')).toEqual({ temp: 21.5, humidity: 40 });
    expect(read('{"t":null,"h":true}')).toEqual({ temp: null, humidity: 1 });
  });

  it('takes a plain number for a single field without a path', () => {
    expect(read('21.5', [{ name: 'value' }])).toEqual({ value: 21.5 });
    expect(read('"-3e2"', [{ name: 'value' }])).toEqual({ value: -300 });
  });

  it('refuses what it cannot read, naming the MQTT topic and why', () => {
    const refusal = (text: string, which = fields) => {
      try {
        read(text, which);
      } catch (err) {
        return { code: (err as { code?: string }).code, message: (err as Error).message };
      }
      return undefined;
    };
    expect(refusal('warm')).toEqual({ code: ERROR_CODES.FEED_BAD_READING, message: 'MQTT message on "greenhouse/east/climate" is not JSON: "warm"' });
    expect(refusal('{"t":"warm","h":1}')?.message).toBe('MQTT message on "greenhouse/east/climate": field "temp": $.t is a string ("warm"), not a number');
    expect(refusal('{"t":1}')?.message).toBe('MQTT message on "greenhouse/east/climate": field "humidity": $.h matched nothing');
    expect(refusal(`${'x'.repeat(100)}`)?.message).toBe(`MQTT message on "greenhouse/east/climate" is not JSON: "${'x'.repeat(40)}…"`);
    expect(refusal('{"v":1}', [{ name: 'value' }])?.message).toMatch(/the payload is an object, not a number/);
    expect(refusal('x'.repeat(1_048_577))?.message).toBe('MQTT message on "greenhouse/east/climate" has 1048577 bytes, more than 1048576');
  });
});

describe('log throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs the first at once, then one summary a window with the count, and starts over after a quiet window', () => {
    vi.useFakeTimers();
    const lines: [string, number][] = [];
    const throttle = createLogThrottle<string>(60_000, (detail, held) => lines.push([detail, held]));
    throttle.hit('a');
    throttle.hit('b');
    throttle.hit('c');
    expect(lines).toEqual([['a', 0]]);
    vi.advanceTimersByTime(60_000);
    expect(lines).toEqual([['a', 0], ['c', 2]]);
    throttle.hit('d');
    vi.advanceTimersByTime(59_999);
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(lines).toEqual([['a', 0], ['c', 2], ['d', 1]]);
    // A window with nothing in it ends the throttling.
    vi.advanceTimersByTime(60_000);
    throttle.hit('e');
    expect(lines.at(-1)).toEqual(['e', 0]);
  });

  it('drops the pending summary on stop, and logs nothing after', () => {
    vi.useFakeTimers();
    const lines: [string, number][] = [];
    const throttle = createLogThrottle<string>(60_000, (detail, held) => lines.push([detail, held]));
    throttle.hit('a');
    throttle.hit('b');
    throttle.stop();
    throttle.stop();
    throttle.hit('c');
    vi.advanceTimersByTime(120_000);
    expect(lines).toEqual([['a', 0]]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('outage tracker', () => {
  it('counts failed attempts between connects, each with its own reason, and marks the first', () => {
    const outage = createOutageTracker();
    expect(outage.connected()).toBe(0);
    // A connection lost: a close with no error.
    expect(outage.closed()).toEqual({ failures: 1, reason: undefined, first: true });
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:1883');
    outage.error(refused);
    expect(outage.closed()).toEqual({ failures: 2, reason: refused, first: false });
    expect(outage.closed()).toEqual({ failures: 3, reason: undefined, first: false });
    expect(outage.connected()).toBe(3);
    outage.error(refused);
    expect(outage.closed()).toEqual({ failures: 1, reason: refused, first: true });
  });
});
