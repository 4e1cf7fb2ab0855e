import type { CpuLoad } from '../system-info';

/** The all-CPU time counters of /proc/stat's `cpu` line, in clock ticks since boot. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  irq: number;
  steal: number;
  guest: number;
}

/** The order of the `cpu` line's columns (proc(5)). */
const COLUMNS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guest_nice'] as const;

/**
 * The all-CPU line of /proc/stat.
 * @throws when the text has no `cpu` line (not /proc/stat).
 * @example parseProcStat('cpu  10 0 5 85 0 0 0 0 0 0\ncpu0 …') // { user: 10, nice: 0, system: 5, idle: 85, … }
 */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) throw new Error('no "cpu" line in /proc/stat');
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const column = (name: (typeof COLUMNS)[number]): number => {
    const value = values[COLUMNS.indexOf(name)];
    // Older kernels end the line before steal and guest.
    return value === undefined || !Number.isFinite(value) ? 0 : value;
  };
  if (!(values.length >= 4 && values.slice(0, 4).every(Number.isFinite))) throw new Error(`unreadable "cpu" line in /proc/stat: ${line}`);
  return {
    user: column('user'),
    nice: column('nice'),
    system: column('system'),
    idle: column('idle'),
    irq: column('irq'),
    steal: column('steal'),
    guest: column('guest'),
  };
}

/**
 * Busy percentages between two readings, counted as `systeminformation` counts them (through
 * `os.cpus()`), so the published numbers keep their meaning: the total is user, nice,
 * system, irq, steal, guest and idle; iowait and softirq are in neither part.
 * Null when no time passed or a counter went backwards (a reset, or idle's known jitter).
 */
export function cpuLoadBetween(previous: CpuTimes, current: CpuTimes): CpuLoad {
  const delta = {
    user: current.user - previous.user,
    nice: current.nice - previous.nice,
    system: current.system - previous.system,
    idle: current.idle - previous.idle,
    irq: current.irq - previous.irq,
    steal: current.steal - previous.steal,
    guest: current.guest - previous.guest,
  };
  const busy = delta.user + delta.nice + delta.system + delta.irq + delta.steal + delta.guest;
  const total = busy + delta.idle;
  if (total <= 0 || Object.values(delta).some((d) => d < 0)) return NO_CPU_LOAD;
  return {
    currentLoad: (busy / total) * 100,
    currentLoadUser: (delta.user / total) * 100,
    currentLoadSystem: (delta.system / total) * 100,
  };
}

/** What a poll reports when there is no interval to measure over (the first, or after a reset). */
export const NO_CPU_LOAD: CpuLoad = Object.freeze({ currentLoad: null, currentLoadUser: null, currentLoadSystem: null });
