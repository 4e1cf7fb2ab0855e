import type { SystemMetricName } from './schema';
import { cpuMetric } from './metrics/cpu';
import { diskMetric } from './metrics/disk';
import { loadMetric } from './metrics/load';
import { memoryMetric } from './metrics/memory';
import type { SystemMetric } from './metrics/metric';
import { networkMetric } from './metrics/network';
import { temperatureMetric } from './metrics/temperature';

/** Every system metric group, by its config name: its title, unit, fields and reader. */
export const SYSTEM_METRICS_BY_NAME: Record<SystemMetricName, SystemMetric> = {
  cpu: cpuMetric,
  memory: memoryMetric,
  network: networkMetric,
  disk: diskMetric,
  load: loadMetric,
  temperature: temperatureMetric,
};
