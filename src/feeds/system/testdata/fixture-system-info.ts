import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SystemInfo } from '../system-info';

const FIXTURES = import.meta.dirname;

/** Real `systeminformation` output captured on a build machine (scripts/capture-system-fixtures.mjs). */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

/**
 * A SystemInfo that answers from fixtures; `networkStats` gives the first
 * captured call (null rates) and then the second, as the library does.
 */
export function fixtureSystemInfo(overrides: Partial<SystemInfo> = {}): SystemInfo {
  let networkCalls = 0;
  return {
    currentLoad: async () => fixture('current-load'),
    mem: async () => fixture('mem'),
    networkStats: async () => fixture(networkCalls++ === 0 ? 'network-stats-first' : 'network-stats-second'),
    fsSize: async () => fixture('fs-size'),
    cpuTemperature: async () => fixture('cpu-temperature'),
    loadavg: () => fixture('loadavg'),
    ...overrides,
  };
}
