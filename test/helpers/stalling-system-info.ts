import type { SystemInfo } from '../../src/feeds/system/system-info';

/**
 * A machine whose temperature sensor answers once and then never again (the feed goes quiet,
 * so its topic turns stale), and whose CPU load always fails (the feed reports an error).
 */
export function stallingSystemInfo(): SystemInfo {
  let temperatureReads = 0;
  const never = new Promise<never>(() => undefined);
  return {
    currentLoad: () => Promise.reject(new Error('sensor unplugged')),
    mem: () => Promise.reject(new Error('unused')),
    networkStats: () => Promise.reject(new Error('unused')),
    fsSize: () => Promise.reject(new Error('unused')),
    cpuTemperature: () => (temperatureReads++ === 0 ? Promise.resolve({ main: 51.5, max: 55 }) : never),
    loadavg: () => [0, 0, 0],
  };
}
