import { round2, type SystemMetric } from './metric';

/** Bytes per second received and sent, summed over every interface but loopback. */
export const networkMetric: SystemMetric = {
  title: 'Network',
  unit: 'B/s',
  fields: [
    { name: 'rxPerSec', label: 'Received', unit: 'B/s' },
    { name: 'txPerSec', label: 'Sent', unit: 'B/s' },
  ],
  async read(systemInfo) {
    const stats = (await systemInfo.networkStats()).filter((s) => s.iface !== 'lo');
    return { rxPerSec: sumRates(stats.map((s) => s.rx_sec)), txPerSec: sumRates(stats.map((s) => s.tx_sec)) };
  },
};

/** Null (no rate yet) when any interface has no rate: the first call has none, and a partial sum would dip. */
function sumRates(rates: (number | null)[]): number | null {
  if (rates.length === 0) return null;
  let total = 0;
  for (const rate of rates) {
    if (rate === null || !Number.isFinite(rate) || rate < 0) return null;
    total += rate;
  }
  return round2(total);
}
