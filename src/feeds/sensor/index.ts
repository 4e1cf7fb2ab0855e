import { defineFeedKind } from '../feed-kind';
import { createPolledFeed } from '../polled-feed';
import { sensorFields } from './fields';
import { sensorFeedSchema } from './schema';
import { createSensorPoller } from './sensor-feed';

/** `kind: "sensor"`: simulated readings that follow a daily cycle, with noise and spikes. */
export const sensorKind = defineFeedKind({
  schema: sensorFeedSchema,
  fields: sensorFields,
  create: (config, { log }) => createPolledFeed(createSensorPoller(config), config, log),
});
