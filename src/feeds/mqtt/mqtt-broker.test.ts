import type { MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startServer, type TestServer, type TestSocket } from '../../../test/helpers/server';
import type { ConfigInput } from '../../config/schema';
import { EVENTS, type Sample, type SampleValues, type SubscribeOk, type TopicMeta, type TopicStatusEvent } from '../../protocol';
import type { FeedSink } from '../feed';
import { createMqttFeed } from './mqtt-feed';
import { mqttFeedSchema } from './schema';
import { brokerTestsCanRun, connectPublisher, createOwnBroker, SYSTEM_BROKER_URL, uniquePrefix, type OwnBroker } from './testdata/mosquitto';

/*
 * The MQTT kind against real Mosquitto brokers: the machine's on 1883, and private ones that
 * a test kills and starts again. Messages sent before the feed has subscribed go nowhere, so
 * tests publish again until they see the effect (`publishUntil`).
 */

const canRun = await brokerTestsCanRun();

const CLIMATE_FIELDS = [
  { name: 'temp', path: '$.t', unit: '°C' },
  { name: 'humidity', path: '$.h', unit: '%' },
];

describe.skipIf(!canRun)('mqtt feed, with a real broker', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startWall(config: ConfigInput): Promise<TestServer> {
    const server = await startServer(config);
    cleanups.push(() => server.close());
    return server;
  }

  async function publisher(url = SYSTEM_BROKER_URL): Promise<MqttClient> {
    const client = await connectPublisher(url);
    cleanups.push(() => client.endAsync(true));
    return client;
  }

  async function ownBroker(): Promise<OwnBroker> {
    const broker = await createOwnBroker();
    cleanups.push(() => broker.kill());
    return broker;
  }

  /** Publishes the messages every 100 ms until `check` sees their effect. */
  function publishUntil<T>(client: MqttClient, messages: readonly (readonly [string, string])[], check: () => T | undefined, what: string): Promise<T> {
    let polls = 0;
    return eventually(
      () => {
        const value = check();
        if (value === undefined && polls++ % 5 === 0) for (const [topic, payload] of messages) client.publish(topic, payload);
        return value;
      },
      10_000,
      what,
    );
  }

  const samplesOf = (server: TestServer, topic: string): Sample[] => server.app.hub.get(topic)?.history.all(Date.now()) ?? [];
  const lastValuesOf = (server: TestServer, topic: string): SampleValues | undefined => samplesOf(server, topic).at(-1)?.values;
  const topicsUnder = (server: TestServer, prefix: string): string[] =>
    server.app.hub
      .list()
      .map((topic) => topic.meta.topic)
      .filter((name) => name.startsWith(`${prefix}.`))
      .sort();

  async function subscribeOk(socket: TestSocket, topics: string[]): Promise<SubscribeOk> {
    const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics });
    if (!ack.ok) throw new Error(`subscribe failed: ${ack.message}`);
    return ack;
  }

  function collect(socket: TestSocket): { samples: Sample[]; statuses: TopicStatusEvent[] } {
    const got = { samples: [] as Sample[], statuses: [] as TopicStatusEvent[] };
    socket.on(EVENTS.dashboardUpdate, (batch) => got.samples.push(...batch));
    socket.on(EVENTS.topicStatus, (event) => got.statuses.push(event));
    return got;
  }

  const parsedFeed = (feed: Record<string, unknown>) => mqttFeedSchema.parse({ kind: 'mqtt', url: SYSTEM_BROKER_URL, fields: CLIMATE_FIELDS, ...feed });

  function wall(feed: Record<string, unknown>, panelTopics: string[] = []): ConfigInput {
    return {
      server: { logLevel: 'silent' },
      feeds: [{ kind: 'mqtt', url: SYSTEM_BROKER_URL, fields: CLIMATE_FIELDS, ...feed } as ConfigInput['feeds'][number]],
      dashboards: panelTopics.length > 0 ? [{ id: 'wall', title: 'Wall', panels: panelTopics.map((topic) => ({ topic })) }] : [],
    };
  }

  it('gives each device its own topic, and a topic a dashboard names exists before any message', async () => {
    const prefix = uniquePrefix();
    const [east, west] = [`${prefix.topic}.east`, `${prefix.topic}.west`];
    const server = await startWall(wall({ subscribe: `${prefix.mqtt}/+/climate`, topic: `${prefix.topic}.{1}`, expectedIntervalMs: 5_000 }, [east]));
    const socket = await server.connect();
    const got = collect(socket);

    const ack = await subscribeOk(socket, [east, west]);
    expect(ack.unknown).toEqual([west]);
    expect(ack.topics[0]).toMatchObject({
      topic: east,
      meta: { topic: east, title: 'East', kind: 'mqtt', intervalMs: 5_000, fields: [{ name: 'temp', label: 'Temp', unit: '°C' }, { name: 'humidity', label: 'Humidity', unit: '%' }] },
      status: { state: 'pending', lastSampleTs: null },
    });
    expect(ack.topics[0]?.meta.unit).toBeUndefined();

    const client = await publisher();
    await publishUntil(
      client,
      [
        [`${prefix.mqtt}/east/climate`, '{"t":21.5,"h":40}'],
        [`${prefix.mqtt}/west/climate`, '{"t":18,"h":55}'],
      ],
      () => (got.samples.length > 0 && samplesOf(server, west).length > 0 ? true : undefined),
      'samples of both devices',
    );
    expect(got.samples.every((sample) => sample.topic === east)).toBe(true);
    expect(new Set(got.samples.map((sample) => JSON.stringify(sample.values)))).toEqual(new Set([JSON.stringify({ temp: 21.5, humidity: 40 })]));
    const westAck = await subscribeOk(socket, [west]);
    expect(westAck.topics[0]?.meta).toMatchObject({ title: 'West', kind: 'mqtt' });
    expect(westAck.topics[0]?.history.map((sample) => sample.values)).toContainEqual({ temp: 18, humidity: 55 });

    // A level that is not a topic word maps to nothing: the sentinel after it proves it was handled.
    await publishUntil(
      client,
      [
        [`${prefix.mqtt}/east wing/climate`, '{"t":30,"h":30}'],
        [`${prefix.mqtt}/east/climate`, '{"t":22,"h":41}'],
      ],
      () => (lastValuesOf(server, east)?.temp === 22 ? true : undefined),
      'the sentinel',
    );
    expect(topicsUnder(server, prefix.topic)).toEqual([east, west]);
  });

  it('keeps a device\'s topic, its history and its seq when a reload changes the feed', async () => {
    const prefix = uniquePrefix();
    const feed = { subscribe: `${prefix.mqtt}/+/climate`, topic: `${prefix.topic}.{1}` };
    const server = await startWall(wall(feed));
    const east = `${prefix.topic}.east`;
    const client = await publisher();
    await publishUntil(client, [[`${prefix.mqtt}/east/climate`, '{"t":21,"h":40}']], () => (samplesOf(server, east).length > 0 ? true : undefined), 'east');
    const before = samplesOf(server, east).map((sample) => sample.seq);

    server.app.feeds.apply({ feeds: [parsedFeed({ ...feed, title: 'Greenhouse' })], history: { maxSamples: 600, maxAgeMs: 900_000 }, dashboardTopics: new Set() });
    // The device has not spoken since: its topic is still there, under the new feed, with its history.
    expect(server.app.hub.get(east)?.meta.title).toBe('Greenhouse');
    expect(samplesOf(server, east).map((sample) => sample.seq)).toEqual(before);
    await publishUntil(client, [[`${prefix.mqtt}/east/climate`, '{"t":23,"h":40}']], () => (lastValuesOf(server, east)?.temp === 23 ? true : undefined), 'east again');
    const seqs = samplesOf(server, east).map((sample) => sample.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (before[0] as number) + i));
  });

  it('maps a multi-level # and two + levels through the broker, in the template\'s order', async () => {
    const prefix = uniquePrefix();
    const plant = await startWall(wall({ subscribe: `${prefix.mqtt}/plant/#`, topic: `${prefix.topic}.{1}`, fields: [{ name: 'value' }] }));
    const sites = await startWall(wall({ subscribe: `${prefix.mqtt}/site/+/room/+/climate`, topic: `${prefix.topic}.{2}.{1}`, fields: [{ name: 'value' }] }));
    const client = await publisher();
    await publishUntil(
      client,
      [
        [`${prefix.mqtt}/plant/line1/press4`, '7'],
        [`${prefix.mqtt}/site/berlin/room/kitchen/climate`, '21'],
      ],
      () => (lastValuesOf(plant, `${prefix.topic}.line1.press4`) && lastValuesOf(sites, `${prefix.topic}.kitchen.berlin`) ? true : undefined),
      'both mapped topics',
    );
    expect(lastValuesOf(plant, `${prefix.topic}.line1.press4`)).toEqual({ value: 7 });
    expect(lastValuesOf(sites, `${prefix.topic}.kitchen.berlin`)).toEqual({ value: 21 });
    expect(topicsUnder(plant, prefix.topic)).toEqual([`${prefix.topic}.line1.press4`]);
    expect(topicsUnder(sites, prefix.topic)).toEqual([`${prefix.topic}.kitchen.berlin`]);
  });

  it('takes a plain number as the payload of a single field without a path', async () => {
    const prefix = uniquePrefix();
    const server = await startWall(wall({ subscribe: `${prefix.mqtt}/+/temperature`, topic: `${prefix.topic}.{1}`, fields: [{ name: 'value', unit: '°C' }] }));
    const client = await publisher();
    const values = await publishUntil(client, [[`${prefix.mqtt}/boiler/temperature`, '21.5']], () => lastValuesOf(server, `${prefix.topic}.boiler`), 'a sample');
    expect(values).toEqual({ value: 21.5 });
    // Its one unit is the topic's too.
    expect(server.app.hub.get(`${prefix.topic}.boiler`)?.meta).toMatchObject({ title: 'Boiler', unit: '°C', intervalMs: null });
  });

  it('publishes nothing of a payload it cannot read, shows why on the topic, and clears it with the next good one', async () => {
    const prefix = uniquePrefix();
    const east = `${prefix.topic}.east`;
    const server = await startWall(wall({ subscribe: `${prefix.mqtt}/+/climate`, topic: `${prefix.topic}.{1}` }, [east]));
    const socket = await server.connect();
    const got = collect(socket);
    await subscribeOk(socket, [east]);
    const client = await publisher();
    const eastMqtt = `${prefix.mqtt}/east/climate`;
    await publishUntil(client, [[eastMqtt, '{"t":21,"h":40}']], () => (got.samples.length > 0 ? true : undefined), 'a good sample');

    const status = await publishUntil(
      client,
      [
        [eastMqtt, 'warm'],
        // Garbage from a device that never sent a good message makes no topic.
        [`${prefix.mqtt}/north/climate`, '{"t":"hot"}'],
      ],
      () => {
        const current = server.app.hub.get(east)?.status;
        return current?.state === 'error' ? current : undefined;
      },
      'the error status',
    );
    expect(status.error).toBe(`MQTT message on "${eastMqtt}" is not JSON: "warm"`);
    expect(status.failures).toBeGreaterThanOrEqual(1);
    await eventually(() => (got.statuses.some((event) => event.topic === east && event.status.state === 'error') ? true : undefined), 5_000, 'the error status on the socket');

    await publishUntil(client, [[eastMqtt, '{"t":22,"h":41}']], () => (lastValuesOf(server, east)?.temp === 22 ? true : undefined), 'the next good sample');
    expect(server.app.hub.get(east)?.status).toMatchObject({ state: 'ok', failures: 0 });
    expect(server.app.hub.get(east)?.status.error).toBeUndefined();
    const published = samplesOf(server, east).map((sample) => sample.values);
    expect(published.every((values) => values.temp === 21 || values.temp === 22)).toBe(true);
    expect(topicsUnder(server, prefix.topic)).toEqual([east]);
  });

  it('creates at most maxTopics topics, drops the rest, and logs that once, not per message', async () => {
    const prefix = uniquePrefix();
    const sink = recordingSink();
    const lines: { msg: string; maxTopics?: number }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });
    const config = mqttFeedSchema.parse({ kind: 'mqtt', url: SYSTEM_BROKER_URL, subscribe: `${prefix.mqtt}/+`, topic: `${prefix.topic}.{1}`, fields: [{ name: 'value' }], maxTopics: 2 });
    const feed = createMqttFeed(config, { log, knownTopics: new Set() });
    cleanups.push(() => feed.stop());
    expect(feed.topics).toEqual([]);
    feed.start(sink);

    const client = await publisher();
    const devices = ['a', 'b', 'c'].map((device) => [`${prefix.mqtt}/${device}`, '1'] as const);
    await publishUntil(client, devices, () => (sink.declared.length === 2 ? true : undefined), 'two topics');
    const [kept] = sink.declared;
    if (!kept) throw new Error('a topic was declared');
    // Every device again, then a sentinel: once it arrives, the messages before it were handled.
    await publishUntil(client, [...devices, [`${prefix.mqtt}/${kept.topic.split('.').at(-1) ?? ''}`, '99']], () => (sink.lastValue(kept.topic) === 99 ? true : undefined), 'the sentinel');
    expect(sink.declared).toHaveLength(2);
    expect(new Set(sink.samples.map((sample) => sample.topic))).toEqual(new Set(sink.declared.map((meta) => meta.topic)));
    const limitLines = lines.filter((line) => line.msg.includes('maxTopics'));
    expect(limitLines).toHaveLength(1);
    expect(limitLines[0]).toMatchObject({ maxTopics: 2, topic: expect.stringMatching(new RegExp(`^${prefix.topic}\\.[abc]$`)) });

    // Stopped, it ends its client and calls the sink no more.
    feed.stop();
    const calls = sink.calls();
    const probe = await publisher();
    let probeGot = false;
    probe.on('message', () => {
      probeGot = true;
    });
    await probe.subscribeAsync(`${prefix.mqtt}/a`);
    await publishUntil(client, [[`${prefix.mqtt}/a`, '5']], () => (probeGot ? true : undefined), 'the probe');
    expect(sink.calls()).toBe(calls);
  });

  it('shows a broker that went down as unreachable on every topic, once, and recovers when it is back', { timeout: 40_000 }, async () => {
    const prefix = uniquePrefix();
    const broker = await ownBroker();
    await broker.start();
    const dev1 = `${prefix.topic}.dev1`;
    const server = await startWall(wall({ url: broker.url, subscribe: `${prefix.mqtt}/+`, topic: `${prefix.topic}.{1}`, fields: [{ name: 'value' }] }, [dev1]));
    const socket = await server.connect();
    const got = collect(socket);
    await subscribeOk(socket, [dev1]);
    const client = await publisher(broker.url);
    await publishUntil(client, [[`${prefix.mqtt}/dev1`, '1']], () => (got.samples.length > 0 ? true : undefined), 'a sample');

    await broker.kill();
    const unreachable = `MQTT broker ${broker.url} unreachable`;
    await eventually(() => (server.app.hub.get(dev1)?.status.state === 'error' ? true : undefined), 10_000, 'the error status');
    expect(server.app.hub.get(dev1)?.status.error).toMatch(new RegExp(`^${unreachable}: `));
    // mqtt.js retries every 2 s; each failed attempt counts, and says why.
    const status = await eventually(
      () => {
        const current = server.app.hub.get(dev1)?.status;
        return current && current.failures >= 3 ? current : undefined;
      },
      15_000,
      'three failed attempts',
    );
    expect(status).toMatchObject({ state: 'error', error: `${unreachable}: connect ECONNREFUSED 127.0.0.1:${broker.port}` });
    // The wall heard of the outage, and of why it lasts, but not of every attempt.
    await eventually(() => (got.statuses.at(-1)?.status.error === status.error ? true : undefined), 5_000, 'the error status on the socket');
    const errors = got.statuses.filter((event) => event.status.state === 'error').map((event) => event.status.error);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeLessThanOrEqual(2);
    expect(errors.every((error) => error?.startsWith(unreachable))).toBe(true);

    await broker.start();
    // It had samples, so it is back to ok, not pending; the wall hears of it.
    const recovered = await eventually(() => (got.statuses.at(-1)?.status.state === 'ok' ? got.statuses.at(-1) : undefined), 15_000, 'the recovered status on the socket');
    expect(recovered.status).toMatchObject({ state: 'ok', failures: 0 });
    expect(server.app.hub.get(dev1)?.status.state).toBe('ok');
    await publishUntil(client, [[`${prefix.mqtt}/dev1`, '2']], () => (got.samples.at(-1)?.values.value === 2 ? true : undefined), 'a sample after the restart');
  });

  it('shows a broker that is down at start as unreachable, and subscribes once it is up', { timeout: 30_000 }, async () => {
    const prefix = uniquePrefix();
    const broker = await ownBroker();
    const dev1 = `${prefix.topic}.dev1`;
    const server = await startWall(wall({ url: broker.url, subscribe: `${prefix.mqtt}/+`, topic: `${prefix.topic}.{1}`, fields: [{ name: 'value' }] }, [dev1]));
    const status = await eventually(
      () => {
        const current = server.app.hub.get(dev1)?.status;
        return current?.state === 'error' ? current : undefined;
      },
      10_000,
      'the error status',
    );
    expect(status.error).toBe(`MQTT broker ${broker.url} unreachable: connect ECONNREFUSED 127.0.0.1:${broker.port}`);

    await broker.start();
    await eventually(() => (server.app.hub.get(dev1)?.status.state === 'pending' ? true : undefined), 15_000, 'the pending status');
    const client = await publisher(broker.url);
    const values = await publishUntil(client, [[`${prefix.mqtt}/dev1`, '7']], () => lastValuesOf(server, dev1), 'a sample');
    expect(values).toEqual({ value: 7 });
  });
});

interface RecordingSink extends FeedSink {
  readonly declared: TopicMeta[];
  readonly samples: { topic: string; values: SampleValues; ts: number }[];
  lastValue(topic: string): number | null | undefined;
  /** How many times the feed called it. */
  calls(): number;
}

/** A sink that lets a feed declare any topic and records what it is told. */
function recordingSink(): RecordingSink {
  const declared: TopicMeta[] = [];
  const samples: { topic: string; values: SampleValues; ts: number }[] = [];
  let calls = 0;
  const last = (topic: string) => samples.filter((sample) => sample.topic === topic).at(-1);
  return {
    declared,
    samples,
    lastValue: (topic) => last(topic)?.values.value,
    calls: () => calls,
    declare(meta) {
      calls += 1;
      declared.push(meta);
      return true;
    },
    polled() {
      calls += 1;
    },
    publish(topic, values, ts) {
      calls += 1;
      samples.push({ topic, values, ts });
    },
    fail() {
      calls += 1;
    },
    recover() {
      calls += 1;
    },
    lastSampleTs: (topic) => last(topic)?.ts ?? null,
  };
}
