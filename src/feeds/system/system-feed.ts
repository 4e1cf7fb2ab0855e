import type { SystemFeedConfig } from '../../config/schema';
import type { Feed } from '../feed';
import { cpuMetric } from './cpu';
import { diskMetric } from './disk';
import { loadMetric } from './load';
import { memoryMetric } from './memory';
import type { SystemMetric } from './metric';
import { networkMetric } from './network';
import type { SystemInfo } from './system-info';
import { temperatureMetric } from './temperature';

/** Every system metric group, by its config name. */
export const SYSTEM_METRICS_BY_NAME: Record<SystemFeedConfig['metric'], SystemMetric> = {
  cpu: cpuMetric,
  memory: memoryMetric,
  network: networkMetric,
  disk: diskMetric,
  load: loadMetric,
  temperature: temperatureMetric,
};

/** A feed of one group of this machine's stats. */
export function createSystemFeed(config: SystemFeedConfig, systemInfo: SystemInfo): Feed {
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
