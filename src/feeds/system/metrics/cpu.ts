import { round2, type SystemMetric } from './metric';

/** CPU busy percentages since the previous poll (the first poll measures over 500 ms). */
export const cpuMetric: SystemMetric = {
  title: 'CPU',
  unit: '%',
  fields: [
    { name: 'total', label: 'Total', unit: '%' },
    { name: 'user', label: 'User', unit: '%' },
    { name: 'system', label: 'System', unit: '%' },
  ],
  async read(systemInfo) {
    const load = await systemInfo.currentLoad();
    return { total: round2(load.currentLoad), user: round2(load.currentLoadUser), system: round2(load.currentLoadSystem) };
  },
};
