import { defineFeedKind } from '../feed-kind';
import { createPolledFeed } from '../polled-feed';
import { STOCK_FIELDS } from './fields';
import { stockFeedSchema } from './schema';
import { createStockPoller } from './stock-feed';

/** `kind: "stock"`: a simulated share price on a geometric random walk. */
export const stockKind = defineFeedKind({
  schema: stockFeedSchema,
  fields: () => STOCK_FIELDS,
  create: (config, { log }) => createPolledFeed(createStockPoller(config), config, log),
});
