import { ERROR_CODES, LivewallError } from '../../../errors';
import { round2, type SystemMetric } from './metric';

/** Memory in use. "Used" is `active`, which excludes reclaimable cache. */
export const memoryMetric: SystemMetric = {
  title: 'Memory',
  unit: '%',
  fields: [
    { name: 'usedPct', label: 'Used', unit: '%' },
    { name: 'usedBytes', label: 'Used', unit: 'B' },
    { name: 'totalBytes', label: 'Total', unit: 'B' },
    { name: 'swapUsedPct', label: 'Swap used', unit: '%' },
  ],
  async read(systemInfo) {
    const mem = await systemInfo.mem();
    // systeminformation resolves all zeros instead of rejecting when it cannot read memory.
    if (!(mem.total > 0)) throw new LivewallError(ERROR_CODES.FEED_BAD_READING, 'memory stats unavailable (total is 0)');
    return {
      usedPct: round2((mem.active / mem.total) * 100),
      usedBytes: mem.active,
      totalBytes: mem.total,
      swapUsedPct: mem.swaptotal > 0 ? round2((mem.swapused / mem.swaptotal) * 100) : null,
    };
  },
};
