/*
 * The narrow slice of machine stats the system feed uses, shaped after `systeminformation`
 * and typed as that library really behaves rather than as its .d.ts claims: `networkStats`
 * rates are null on the first call, and temperatures are null where there is no sensor.
 * Two implementations: `linux/` reads /proc and /sys directly, and `systeminformation`
 * serves every other platform (`create-system-info.ts` picks one). Tests stand in fixtures captured from real output
 * (scripts/capture-system-fixtures.mjs).
 */

export interface CpuLoad {
  /** Busy % of all CPUs since the previous call (the first call measures over 500 ms); null when the Linux path saw a counter go backwards. */
  currentLoad: number | null;
  currentLoadUser: number | null;
  currentLoadSystem: number | null;
}

export interface Memory {
  total: number;
  /** `total - MemAvailable`: memory in use that the kernel cannot reclaim. */
  active: number;
  available: number;
  swaptotal: number;
  swapused: number;
}

export interface InterfaceStats {
  iface: string;
  /** Bytes per second since the previous call; null on the first call and after a counter reset. */
  rx_sec: number | null;
  tx_sec: number | null;
}

export interface FileSystemSize {
  mount: string;
  size: number;
  used: number;
  use: number | null;
}

export interface CpuTemperature {
  main: number | null;
  max: number | null;
}

export interface SystemInfo {
  currentLoad(): Promise<CpuLoad>;
  mem(): Promise<Memory>;
  /** Every interface with an address, loopback included. */
  networkStats(): Promise<InterfaceStats[]>;
  /**
   * File systems, including the one mounted at `mount` when there is one: `systeminformation`
   * lists every mount `df` shows, the Linux path only `mount`. Callers pick theirs by `mount`.
   */
  fsSize(mount: string): Promise<FileSystemSize[]>;
  cpuTemperature(): Promise<CpuTemperature>;
  /** 1, 5 and 15 minute load averages. */
  loadavg(): number[];
}
