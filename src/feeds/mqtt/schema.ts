import { z } from 'zod';
import { MAX_TOPIC_LENGTH } from '../../protocol';
import { declaredFieldShape, declaredFieldsSchema } from '../declared-fields';
import { expectedIntervalShape, feedBaseShape } from '../feed-schema';
import { jsonPathSchema } from '../json-fields';
import { filterProblem, isTopicTemplate, MAX_FILTER_LENGTH, templateProblem } from './topic-mapping';

const BROKER_PROTOCOLS = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];

function isBrokerUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return BROKER_PROTOCOLS.includes(parsed.protocol) && parsed.hostname !== '';
  } catch {
    return false;
  }
}

const mqttFieldSchema = z.strictObject({
  ...declaredFieldShape,
  path: jsonPathSchema.optional().describe('Where the value is in the JSON payload, such as "$.t". Without it, the payload is the number itself.'),
});

/** `kind: "mqtt"`: topics fed by the messages of an MQTT broker, one Livewall topic per device with wildcards. */
export const mqttFeedSchema = z
  .strictObject({
    kind: z.literal('mqtt'),
    ...feedBaseShape,
    topic: z
      .string()
      .max(MAX_TOPIC_LENGTH)
      .refine(isTopicTemplate, 'must be dot-separated words of letters, digits, "_" or "-", which may hold {1}, {2}… for the wildcards of "subscribe", such as "greenhouse.{1}"')
      .describe('The topic to publish to. {1}, {2}… take the levels the wildcards of "subscribe" matched, so each device gets its own topic.'),
    ...expectedIntervalShape,
    url: z
      .string()
      .max(2_048)
      .refine(isBrokerUrl, 'must be a broker URL with the scheme mqtt:, mqtts:, ws: or wss:, such as "mqtt://127.0.0.1:1883"')
      .describe('The broker, such as "mqtt://127.0.0.1:1883"; mqtts: and wss: for TLS.'),
    subscribe: z
      .string()
      .min(1)
      .max(MAX_FILTER_LENGTH)
      .superRefine((filter, ctx) => {
        // The length has its own issue above; this adds what the levels break.
        const problem = filter.length === 0 || filter.length > MAX_FILTER_LENGTH ? undefined : filterProblem(filter);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('The MQTT topic filter to subscribe to, such as "greenhouse/+/climate". "+" matches one level, "#" (last) every level below.'),
    fields: declaredFieldsSchema(mqttFieldSchema, 64)
      .superRefine((fields, ctx) => {
        fields.forEach((field, i) => {
          if (field.path === undefined && fields.length > 1) {
            ctx.addIssue({ code: 'custom', path: [i, 'path'], message: 'is required when there are several fields; only a single field may go without, and then the payload is a plain number' });
          }
        });
      })
      .describe('The fields each message carries, read out of its JSON payload.'),
    username: z.string().max(1_024).optional().describe('Put it in the environment and write "${VARIABLE}" here.'),
    password: z.string().max(1_024).optional().describe('Put it in the environment and write "${VARIABLE}" here.'),
    clientId: z.string().min(1).max(128).optional().describe('The MQTT client id; "livewall-" and random hex digits by default.'),
    qos: z.union([z.literal(0), z.literal(1)]).default(0).describe('The QoS to subscribe with: 0 (at most once) or 1 (at least once).'),
    maxTopics: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('How many topics this feed may create; messages that would make more are dropped and logged.'),
  })
  .superRefine((config, ctx) => {
    if (filterProblem(config.subscribe) !== undefined) return;
    const problem = templateProblem(config.subscribe, config.topic);
    if (problem) ctx.addIssue({ code: 'custom', path: ['topic'], message: problem });
  });

export type MqttFeedConfig = z.output<typeof mqttFeedSchema>;
