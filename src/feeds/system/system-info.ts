import os from 'node:os';
import si from 'systeminformation';

/*
 * The narrow slice of `systeminformation` the system feed uses, typed as the
 * library really behaves rather than as its .d.ts claims: `networkStats` rates
 * are null on the first call, and temperatures are null where there is no sensor.
 * Tests stand in fixtures captured from real output (scripts/capture-system-fixtures.mjs).
 */

export interface CpuLoad {
  currentLoad: number;
  currentLoadUser: number;
  currentLoadSystem: number;
}

export interface Memory {
  total: number;
  active: number;
  available: number;
  swaptotal: number;
  swapused: number;
}

export interface InterfaceStats {
  iface: string;
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
  networkStats(): Promise<InterfaceStats[]>;
  fsSize(): Promise<FileSystemSize[]>;
  cpuTemperature(): Promise<CpuTemperature>;
  /** 1, 5 and 15 minute load averages. */
  loadavg(): number[];
}

/** The real machine, through `systeminformation` and `node:os`. */
export function createSystemInfo(): SystemInfo {
  return {
    currentLoad: () => si.currentLoad(),
    mem: () => si.mem(),
    networkStats: () => si.networkStats('*'),
    fsSize: () => si.fsSize(),
    cpuTemperature: () => si.cpuTemperature(),
    loadavg: () => os.loadavg(),
  };
}
