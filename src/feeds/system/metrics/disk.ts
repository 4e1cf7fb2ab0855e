import { ERROR_CODES, LivewallError } from '../../../errors';
import { round2, type SystemMetric } from './metric';

/** Use of the file system mounted at `mount` (default `/`), as `df` reports it. */
export const diskMetric: SystemMetric = {
  title: 'Disk',
  unit: '%',
  fields: [
    { name: 'usedPct', label: 'Used', unit: '%' },
    { name: 'usedBytes', label: 'Used', unit: 'B' },
    { name: 'sizeBytes', label: 'Size', unit: 'B' },
  ],
  async read(systemInfo, config) {
    const fs = (await systemInfo.fsSize(config.mount)).find((entry) => entry.mount === config.mount);
    if (!fs) throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `no file system mounted at "${config.mount}"`);
    return {
      usedPct: fs.use === null ? (fs.size > 0 ? round2((fs.used / fs.size) * 100) : null) : round2(fs.use),
      usedBytes: fs.used,
      sizeBytes: fs.size,
    };
  },
};
