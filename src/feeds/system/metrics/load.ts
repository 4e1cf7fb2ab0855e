import { round2, type SystemMetric } from './metric';

/** The 1, 5 and 15 minute load averages. */
export const loadMetric: SystemMetric = {
  title: 'Load average',
  fields: [
    { name: 'load1', label: '1 min' },
    { name: 'load5', label: '5 min' },
    { name: 'load15', label: '15 min' },
  ],
  async read(systemInfo) {
    const [load1 = null, load5 = null, load15 = null] = systemInfo.loadavg();
    return { load1: round2(load1), load5: round2(load5), load15: round2(load15) };
  },
};
