import { defineFeedKind } from '../feed-kind';
import { createPolledFeed } from '../polled-feed';
import { httpFields } from './fields';
import { createHttpPoller } from './http-feed';
import { httpFeedSchema } from './schema';

/** `kind: "http"`: numbers read by JSONPath out of a JSON endpoint, polled with GET. */
export const httpKind = defineFeedKind({
  schema: httpFeedSchema,
  fields: httpFields,
  create: (config, { log }) => createPolledFeed(createHttpPoller(config), config, log),
});
