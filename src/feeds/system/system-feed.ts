import type { Poller } from '../feed';
import { SYSTEM_METRICS_BY_NAME } from './fields';
import type { SystemFeedConfig } from './schema';
import type { SystemInfo } from './system-info';

/** Polls one group of this machine's stats. */
export function createSystemPoller(config: SystemFeedConfig, systemInfo: SystemInfo): Poller {
  const metric = SYSTEM_METRICS_BY_NAME[config.metric];
  return {
    meta: {
      topic: config.topic,
      title: config.title ?? metric.title,
      kind: 'system',
      ...(metric.unit === undefined ? {} : { unit: metric.unit }),
      intervalMs: config.intervalMs,
      fields: metric.fields,
    },
    read: () => metric.read(systemInfo, config),
  };
}
