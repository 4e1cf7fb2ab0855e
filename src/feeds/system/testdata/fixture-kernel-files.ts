import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FsBlocks, KernelFiles } from '../linux/kernel-files';
import { fixture } from './fixture-system-info';

const LINUX = path.join(import.meta.dirname, 'linux');

/** A kernel file captured on a build machine (scripts/capture-system-fixtures.mjs), as text. */
export function linuxFixture(name: string): string {
  return readFileSync(path.join(LINUX, name), 'utf8');
}

/** A captured JSON fixture of the Linux path. */
export function linuxJsonFixture<T>(name: string): T {
  return JSON.parse(linuxFixture(`${name}.json`)) as T;
}

/** How far apart the `-first` and `-second` captures were taken. */
export const CAPTURED_INTERVAL_MS = linuxJsonFixture<{ elapsedMs: number }>('interval').elapsedMs;

/** /proc files and the captures each successive read gets; the last one repeats. */
const PROC_CAPTURES: Record<string, string[]> = {
  '/proc/stat': ['proc-stat-first.txt', 'proc-stat-second.txt'],
  '/proc/net/dev': ['proc-net-dev-first.txt', 'proc-net-dev-second.txt'],
  '/proc/meminfo': ['proc-meminfo.txt'],
  '/proc/self/mounts': ['proc-self-mounts.txt'],
};

/** /sys as captured: directory listings and file contents. */
export interface SysCapture {
  dirs: Record<string, string[]>;
  files: Record<string, string>;
}

export interface FixtureKernelFiles extends KernelFiles {
  /** Moves the clock on, by the captured interval unless told otherwise. */
  advance(ms?: number): void;
}

/**
 * Kernel files that answer from captures: the first read of /proc/stat or /proc/net/dev gets
 * the first capture and later reads the second, as on the machine they were taken 1.1 s apart
 * (call `advance()` in between). `sys` replaces the captured /sys (this VM has no sensors).
 * `sleep` returns at once, having moved the clock.
 */
export function fixtureKernelFiles(overrides: Partial<KernelFiles> & { sys?: SysCapture } = {}): FixtureKernelFiles {
  const { sys = linuxJsonFixture<SysCapture>('sys-sensors'), ...rest } = overrides;
  const reads = new Map<string, number>();
  let clock = 0;
  const enoent = (file: string): Error => Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
  return {
    async readProc(file) {
      const captures = PROC_CAPTURES[file];
      if (!captures) throw enoent(file);
      const count = reads.get(file) ?? 0;
      reads.set(file, count + 1);
      return linuxFixture(captures[Math.min(count, captures.length - 1)] as string);
    },
    async readSys(file) {
      const text = sys.files[file];
      if (text === undefined) throw enoent(file);
      return text;
    },
    listSys: async (dir) => sys.dirs[dir] ?? [],
    async statfs(mount) {
      if (mount !== '/') throw enoent(mount);
      return linuxJsonFixture<FsBlocks>('statfs-root');
    },
    loadavg: () => fixture<number[]>('loadavg'),
    interfaceNames: () => linuxJsonFixture<string[]>('interface-names'),
    now: () => clock,
    // A wait takes no time here: the clock moves, and the next /proc read gets the next capture.
    sleep: async (ms) => void (clock += ms),
    advance(ms = CAPTURED_INTERVAL_MS) {
      clock += ms;
    },
    ...rest,
  };
}
