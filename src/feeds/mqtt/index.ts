import { defineFeedKind } from '../feed-kind';
import { mqttFields } from './fields';
import { createMqttFeed } from './mqtt-feed';
import { mqttFeedSchema } from './schema';
import { createTopicMapping, templateGlob } from './topic-mapping';

/** `kind: "mqtt"`: topics fed by an MQTT broker's messages; a wildcard subscription gives each device its own topic. */
export const mqttKind = defineFeedKind({
  schema: mqttFeedSchema,
  fields: mqttFields,
  publishes: (config, topic) => createTopicMapping(config.subscribe, config.topic).publishes(topic),
  topicGlob: (config) => templateGlob(config.subscribe, config.topic),
  create: (config, deps) => createMqttFeed(config, deps),
});
