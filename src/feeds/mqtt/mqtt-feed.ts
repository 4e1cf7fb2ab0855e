import type { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { connect, type ClientSubscribeCallback, type MqttClient } from 'mqtt';
import { ERROR_CODES, LivewallError } from '../../errors';
import type { SampleValues, TopicMeta } from '../../protocol';
import { echoName } from '../../validation/echo-name';
import { sharedUnit } from '../declared-fields';
import type { Feed, FeedSink } from '../feed';
import type { FeedDependencies } from '../feed-kind';
import { sourceUrl } from '../source-url';
import { titleFromTopic } from '../topic-title';
import { mqttFields } from './fields';
import { createLogThrottle } from './log-throttle';
import { createOutageTracker } from './outage';
import { readPayload } from './payload';
import type { MqttFeedConfig } from './schema';
import { createTopicMapping } from './topic-mapping';

/** How long after a lost connection, or a failed attempt, the client tries again. */
export const RECONNECT_PERIOD_MS = 2_000;
/** How long an attempt may take to get the broker's CONNACK. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Dropped messages are logged the first time, then at most once in this window, with a count. */
const LOG_WINDOW_MS = 60_000;

/**
 * A feed of an MQTT broker's messages. It subscribes to one topic filter and maps each
 * message's topic to a Livewall topic (see `topic-mapping.ts`), declaring topics as devices
 * first speak, up to `maxTopics`. A broker that is down marks every topic failing (once per
 * outage in the log) while mqtt.js reconnects; a payload it cannot read marks its topic failing
 * and is never published.
 */
export function createMqttFeed(config: MqttFeedConfig, { log, knownTopics }: Pick<FeedDependencies, 'log' | 'knownTopics'>): Feed {
  const broker = sourceUrl(config.url);
  const mapping = createTopicMapping(config.subscribe, config.topic);
  const fields = mqttFields(config);
  const unit = sharedUnit(fields);
  const metaOf = (topic: string): TopicMeta => ({
    topic,
    title: config.title ?? titleFromTopic(topic),
    kind: 'mqtt',
    ...(unit === undefined ? {} : { unit }),
    fields,
    intervalMs: config.expectedIntervalMs ?? null,
  });
  const initial = new Set([...knownTopics].filter((topic) => mapping.publishes(topic)));
  if (!mapping.hasPlaceholders) initial.add(config.topic);

  // The topics this feed owns: those it started with, and those its devices brought since.
  const declared = new Set(initial);
  // Bad payloads in a row, per topic; a good one resets it.
  const badPayloads = new Map<string, number>();
  const outage = createOutageTracker();
  const dropLog = <T extends object>(why: string) =>
    createLogThrottle<T>(LOG_WINDOW_MS, (detail, held) => {
      const line: Record<string, unknown> = { ...detail, dropped: held || 1 };
      log.warn(line, held ? `${held} more MQTT messages dropped in the last minute: ${why}` : `MQTT message dropped: ${why}`);
    });
  const unmappable = dropLog<{ mqttTopic: string; reason: string }>('the topic maps to no Livewall topic');
  const unreadable = dropLog<{ topic: string; err: Error }>('the payload cannot be read');
  const overLimit = dropLog<{ topic: string; maxTopics: number }>(`the feed has its maxTopics (${config.maxTopics}) topics already`);
  const taken = dropLog<{ topic: string }>('another feed publishes the topic');
  const throttles = [unmappable, unreadable, overLimit, taken];

  let client: MqttClient | undefined;
  let sink: FeedSink | undefined;
  let stopped = false;

  const failAll = (error: Error, failures: number): void => {
    for (const topic of declared) sink?.fail(topic, error, failures);
  };

  const onConnect = (): void => {
    const failures = outage.connected();
    if (failures > 0) {
      log.info({ broker, failures }, 'MQTT broker reachable again');
      for (const topic of declared) sink?.recover(topic);
    } else {
      log.info({ broker }, 'MQTT broker connected');
    }
    // Subscribed on every connect rather than left to mqtt.js's resubscribe: with a clean session
    // each connection starts with none, and a refusal is seen on each one.
    client?.subscribe(config.subscribe, { qos: config.qos }, onSubscribed);
  };

  const onSubscribed: ClientSubscribeCallback = (err, granted) => {
    // An error here is a connection that closed before the broker answered: `close` reports it.
    if (stopped || err) return;
    if (granted?.some((grant) => grant.qos === 128)) {
      log.error({ broker, subscribe: config.subscribe }, 'MQTT broker refused the subscription');
      failAll(new LivewallError(ERROR_CODES.FEED_UNREACHABLE, `MQTT broker ${broker} refused the subscription to "${config.subscribe}"`), 1);
    }
  };

  const onError = (err: Error): void => {
    // The reason is reported with the close that follows: one status per attempt, not two.
    if (!stopped) outage.error(err);
  };

  const onClose = (): void => {
    if (stopped) return;
    const { failures, reason, first } = outage.closed();
    if (first) log.warn({ err: reason, broker }, `MQTT broker unreachable; retrying every ${RECONNECT_PERIOD_MS / 1000} s`);
    const why = reason?.message ?? 'connection lost';
    failAll(new LivewallError(ERROR_CODES.FEED_UNREACHABLE, `MQTT broker ${broker} unreachable: ${why}`, { cause: reason }), failures);
  };

  const onMessage = (mqttTopic: string, payload: Buffer): void => {
    if (stopped || !sink) return;
    const mapped = mapping.map(mqttTopic);
    if (!mapped.ok) {
      unmappable.hit({ mqttTopic: echoName(mqttTopic), reason: mapped.reason });
      return;
    }
    const topic = mapped.topic;
    // An empty payload is how a retained message is deleted, not a reading.
    if (payload.byteLength === 0) return;
    let values: SampleValues;
    try {
      values = readPayload(mqttTopic, payload, config.fields);
    } catch (err) {
      unreadable.hit({ topic, err: err as Error });
      if (declared.has(topic)) {
        const failures = (badPayloads.get(topic) ?? 0) + 1;
        badPayloads.set(topic, failures);
        sink.fail(topic, err as Error, failures);
      }
      return;
    }
    if (!declared.has(topic)) {
      if (declared.size >= config.maxTopics) {
        overLimit.hit({ topic, maxTopics: config.maxTopics });
        return;
      }
      if (!sink.declare(metaOf(topic))) {
        taken.hit({ topic });
        return;
      }
      declared.add(topic);
    }
    badPayloads.delete(topic);
    // Two messages in one millisecond still get distinct, ordered timestamps.
    sink.publish(topic, values, Math.max(Date.now(), (sink.lastSampleTs(topic) ?? -Infinity) + 1));
  };

  return {
    topics: [...initial].map(metaOf),
    start(next) {
      if (client || stopped) return;
      sink = next;
      client = connect(config.url, {
        clientId: config.clientId ?? `livewall-${randomBytes(4).toString('hex')}`,
        username: config.username,
        password: config.password,
        clean: true,
        resubscribe: false,
        reconnectPeriod: RECONNECT_PERIOD_MS,
        connectTimeout: CONNECT_TIMEOUT_MS,
        // Without it, a broker that refuses the CONNECT (bad credentials, "server unavailable") is never tried again.
        reconnectOnConnackError: true,
      });
      client.on('error', onError);
      client.on('connect', onConnect);
      client.on('close', onClose);
      client.on('message', onMessage);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      sink = undefined;
      for (const throttle of throttles) throttle.stop();
      if (!client) return;
      client.off('connect', onConnect);
      client.off('close', onClose);
      client.off('message', onMessage);
      // The error listener stays (a no-op now): an 'error' emitted with none would crash the process.
      client.end(true);
    },
  };
}
