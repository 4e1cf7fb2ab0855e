import { readdirSync, readFileSync } from 'node:fs';
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from './delta-sampler';

/** A file system's size in blocks, as `statfs(2)` reports it. */
export interface FsBlocks {
  /** Block size in bytes: what `blocks`, `bfree` and `bavail` count. */
  bsize: number;
  blocks: number;
  /** Free blocks, including those reserved for root. */
  bfree: number;
  /** Free blocks an unprivileged user may use. */
  bavail: number;
}

/**
 * Everything the Linux path reads from the kernel: a few files under /proc and /sys, `statfs`,
 * and two calls Node answers without a process; and the clock its rates are measured with.
 * Tests stand in captured files and a clock they move by hand.
 */
export interface KernelFiles extends Clock {
  /** A file under /proc, as text. */
  readProc(path: string): Promise<string>;
  /** A file under /sys, as text. */
  readSys(path: string): Promise<string>;
  /** The entries of a directory under /sys; empty when it does not exist. */
  listSys(dir: string): Promise<string[]>;
  statfs(path: string): Promise<FsBlocks>;
  /** 1, 5 and 15 minute load averages (`os.loadavg()`). */
  loadavg(): number[];
  /** Interfaces that are up with an address (`os.networkInterfaces()`), as `systeminformation` lists them. */
  interfaceNames(): string[];
}

/** The files the Linux path cannot do without; if any is unreadable, `createSystemInfo` uses `systeminformation`. */
const REQUIRED_PROC_FILES = ['/proc/stat', '/proc/meminfo', '/proc/net/dev', '/proc/self/mounts'] as const;

/** Whether every file in `REQUIRED_PROC_FILES` can be read here (a sandbox may hide /proc). */
export function canReadProc(): boolean {
  try {
    for (const file of REQUIRED_PROC_FILES) readFileSync(file, 'utf8');
    return true;
  } catch {
    return false;
  }
}

/** The real kernel. */
export function createKernelFiles(): KernelFiles {
  return {
    // procfs renders these files in memory, so a read never waits on a device; a thread-pool
    // round trip (fs/promises) costs ~15× the read itself (~150 µs against ~9 µs here).
    readProc: async (path) => readFileSync(path, 'utf8'),
    // hwmon drivers may ask the chip over I2C on a read: never block the event loop on one.
    readSys: (path) => readFile(path, 'utf8'),
    // Listing a sysfs directory asks no driver, so it is as cheap as a /proc read.
    listSys: async (dir) => {
      try {
        return readdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    // Asynchronous: statfs on a hung network mount would block; the poll's timeout can abandon this.
    statfs: async (path) => {
      const { bsize, blocks, bfree, bavail } = await statfs(path);
      return { bsize, blocks, bfree, bavail };
    },
    loadavg: () => os.loadavg(),
    interfaceNames: () => Object.keys(os.networkInterfaces()),
    now: () => performance.now(),
    sleep: (ms) => sleep(ms),
  };
}
