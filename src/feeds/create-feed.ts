import type { FeedConfig } from '../config/schema';
import type { Feed } from './feed';
import { createSensorFeed } from './simulated/sensor';
import { createStockFeed } from './simulated/stock';
import { createSystemFeed } from './system/system-feed';
import type { SystemInfo } from './system/system-info';

export interface FeedDependencies {
  systemInfo: SystemInfo;
}

/** Builds the feed a config entry declares. */
export function createFeed(config: FeedConfig, deps: FeedDependencies): Feed {
  switch (config.kind) {
    case 'system':
      return createSystemFeed(config, deps.systemInfo);
    case 'stock':
      return createStockFeed(config);
    case 'sensor':
      return createSensorFeed(config);
  }
}
