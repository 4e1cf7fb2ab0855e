import { defineFeedKind } from '../feed-kind';
import { pushFields } from './fields';
import { createPushFeed } from './push-feed';
import { pushFeedSchema } from './schema';

/** `kind: "push"`: a topic fed by `POST /api/topics/<topic>` or the `publish` socket event, with a bearer token. */
export const pushKind = defineFeedKind({
  schema: pushFeedSchema,
  fields: pushFields,
  create: (config) => createPushFeed(config),
});
