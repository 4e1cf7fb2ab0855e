import { defineFeedKind } from '../feed-kind';
import { createPolledFeed } from '../polled-feed';
import { SYSTEM_METRICS_BY_NAME } from './fields';
import { systemFeedSchema } from './schema';
import { createSystemPoller } from './system-feed';

/** `kind: "system"`: this machine's CPU, memory, network, disk, load or temperature. */
export const systemKind = defineFeedKind({
  schema: systemFeedSchema,
  scope: 'host',
  fields: (config) => SYSTEM_METRICS_BY_NAME[config.metric].fields,
  create: (config, { log, systemInfo }) => createPolledFeed(createSystemPoller(config, systemInfo), config, log),
});
