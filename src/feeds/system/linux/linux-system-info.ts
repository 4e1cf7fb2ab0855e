import type { SystemInfo } from '../system-info';
import { pickCpuTemperature, readSensors } from './cpu-temperature';
import { createDeltaSampler } from './delta-sampler';
import { dfUsage, parseMountPoints } from './disk-usage';
import type { KernelFiles } from './kernel-files';
import { parseMeminfo } from './meminfo';
import { interfaceRates, parseNetDev, selectInterfaces } from './net-dev';
import { cpuLoadBetween, NO_CPU_LOAD, parseProcStat } from './proc-stat';

/** As `systeminformation`: calls closer together than this share one reading. */
const CPU_MIN_INTERVAL_MS = 200;
const NETWORK_MIN_INTERVAL_MS = 500;
/** As `systeminformation`: the first CPU reading is measured over this long, so even the first sample has a value. */
const CPU_FIRST_INTERVAL_MS = 500;

/**
 * This machine's stats from /proc and /sys, without spawning a process: a poll costs a few
 * file reads (about 10 µs each) where `systeminformation` spawns shells that `cat` the same
 * files. Every number keeps the meaning `systeminformation` gives it (see each parser), and
 * the first calls answer as it does: CPU measured over 500 ms, network rates null. Later CPU
 * and network figures are since the previous call of this instance, across feeds.
 */
export function createLinuxSystemInfo(files: KernelFiles): SystemInfo {
  const cpuLoad = createDeltaSampler({
    read: async () => parseProcStat(await files.readProc('/proc/stat')),
    between: cpuLoadBetween,
    first: () => NO_CPU_LOAD,
    clock: files,
    minIntervalMs: CPU_MIN_INTERVAL_MS,
    firstIntervalMs: CPU_FIRST_INTERVAL_MS,
  });
  const networkStats = createDeltaSampler({
    read: async () => selectInterfaces(parseNetDev(await files.readProc('/proc/net/dev')), files.interfaceNames()),
    between: interfaceRates,
    first: (current) => interfaceRates(new Map(), current, 0),
    clock: files,
    minIntervalMs: NETWORK_MIN_INTERVAL_MS,
  });
  return {
    currentLoad: cpuLoad,
    mem: async () => parseMeminfo(await files.readProc('/proc/meminfo')),
    networkStats,
    async fsSize(mount) {
      // statfs answers for any path; only a mount point is a file system to report, as with df.
      if (!parseMountPoints(await files.readProc('/proc/self/mounts')).includes(mount)) return [];
      return [dfUsage(mount, await files.statfs(mount))];
    },
    cpuTemperature: async () => pickCpuTemperature(await readSensors(files)),
    loadavg: () => files.loadavg(),
  };
}
