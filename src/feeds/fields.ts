import type { FeedConfig } from '../config/schema';
import type { FieldMeta } from '../protocol';
import { sensorFields } from './simulated/sensor';
import { STOCK_FIELDS } from './simulated/stock';
import { SYSTEM_METRICS_BY_NAME } from './system/system-feed';

/** The fields a configured feed will publish, known before it runs (for checking dashboards). */
export function fieldsOf(feed: FeedConfig): FieldMeta[] {
  switch (feed.kind) {
    case 'system':
      return SYSTEM_METRICS_BY_NAME[feed.metric].fields;
    case 'stock':
      return STOCK_FIELDS;
    case 'sensor':
      return sensorFields(feed);
  }
}
