import os from 'node:os';
import si from 'systeminformation';
import type { SystemInfo } from './system-info';

/**
 * The machine through `systeminformation` and `node:os`: every platform but Linux (see
 * `linux/`). On Linux the library spawns shells per call (`cat` for CPU and network
 * counters, `df` for disks, `sensors` for temperatures), which is why it is not used there.
 */
export function createSysteminformationSystemInfo(): SystemInfo {
  return {
    currentLoad: () => si.currentLoad(),
    mem: () => si.mem(),
    networkStats: () => si.networkStats('*'),
    fsSize: () => si.fsSize(),
    cpuTemperature: () => si.cpuTemperature(),
    loadavg: () => os.loadavg(),
  };
}
