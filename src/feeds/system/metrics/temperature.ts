import { round2, type SystemMetric } from './metric';

/** CPU temperature, or nulls on machines (VMs, containers) without a sensor. */
export const temperatureMetric: SystemMetric = {
  title: 'CPU temperature',
  unit: '°C',
  fields: [
    { name: 'main', label: 'CPU', unit: '°C' },
    { name: 'max', label: 'Hottest core', unit: '°C' },
  ],
  async read(systemInfo) {
    const temp = await systemInfo.cpuTemperature();
    return { main: celsius(temp.main), max: celsius(temp.max) };
  },
};

// Some platforms report -1 or 0 for "no sensor" rather than null.
function celsius(value: number | null): number | null {
  return value === null || !Number.isFinite(value) || value <= 0 ? null : round2(value);
}
