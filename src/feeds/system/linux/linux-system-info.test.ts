import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../errors';
import { round2 } from '../metrics/metric';
import { systemFeedSchema, type SystemMetricName } from '../schema';
import { createSystemPoller } from '../system-feed';
import { chooseSystemInfoSource } from '../create-system-info';
import type { SystemInfo } from '../system-info';
import { fixture } from '../testdata/fixture-system-info';
import { CAPTURED_INTERVAL_MS, fixtureKernelFiles, linuxFixture, linuxJsonFixture } from '../testdata/fixture-kernel-files';
import { dfUsage } from './disk-usage';
import type { FsBlocks } from './kernel-files';
import { createLinuxSystemInfo } from './linux-system-info';
import { parseMeminfo } from './meminfo';
import { parseNetDev } from './net-dev';
import { cpuLoadBetween, parseProcStat } from './proc-stat';

function feedFor(metric: SystemMetricName, systemInfo: SystemInfo, extra: Record<string, unknown> = {}) {
  return createSystemPoller(systemFeedSchema.parse({ kind: 'system', topic: `system.${metric}`, metric, ...extra }), systemInfo);
}

const poll = { signal: new AbortController().signal, now: 0 };

describe('system feed on the Linux path, against captured /proc and /sys', () => {
  it('cpu: the percentages between two readings; the first poll waits 500 ms for its second, as systeminformation does', async () => {
    const files = fixtureKernelFiles();
    const feed = feedFor('cpu', createLinuxSystemInfo(files));
    const load = cpuLoadBetween(parseProcStat(linuxFixture('proc-stat-first.txt')), parseProcStat(linuxFixture('proc-stat-second.txt')));
    expect(await feed.read(poll)).toEqual({ total: round2(load.currentLoad), user: round2(load.currentLoadUser), system: round2(load.currentLoadSystem) });
    expect(files.now()).toBe(500);
  });

  it('cpu: two feeds polling at once share one reading rather than measuring a near-empty interval', async () => {
    const files = fixtureKernelFiles();
    const systemInfo = createLinuxSystemInfo(files);
    const [a, b] = [feedFor('cpu', systemInfo), feedFor('cpu', systemInfo)];
    const first = await a.read(poll);
    files.advance(5);
    expect(await b.read(poll)).toEqual(first);
    expect(first.total).not.toBeNull();
  });

  it('cpu: a counter that went backwards gives nulls for that poll, then percentages again', async () => {
    const stat = (user: number, idle: number) => `cpu  ${user} 0 100 ${idle} 0 0 0 0 0 0\n`;
    const readings = [stat(1000, 9000), stat(1050, 9050), stat(900, 9100), stat(1000, 9400)];
    const files = fixtureKernelFiles({ readProc: async () => readings.shift() ?? '' });
    const feed = feedFor('cpu', createLinuxSystemInfo(files));
    const totals = [];
    for (let i = 0; i < 3; i += 1) {
      totals.push((await feed.read(poll)).total);
      files.advance(1000);
    }
    expect(totals).toEqual([50, null, 25]);
  });

  it('memory: used is total - MemAvailable, as systeminformation\'s `active`', async () => {
    const mem = parseMeminfo(linuxFixture('proc-meminfo.txt'));
    expect(await feedFor('memory', createLinuxSystemInfo(fixtureKernelFiles())).read(poll)).toEqual({
      usedPct: round2((mem.active / mem.total) * 100),
      usedBytes: mem.active,
      totalBytes: mem.total,
      swapUsedPct: mem.swaptotal > 0 ? round2((mem.swapused / mem.swaptotal) * 100) : null,
    });
  });

  it('network: null on the first poll, then the sum over the addressed interfaces but lo', async () => {
    const files = fixtureKernelFiles();
    const feed = feedFor('network', createLinuxSystemInfo(files));
    expect(await feed.read(poll)).toEqual({ rxPerSec: null, txPerSec: null });
    files.advance();
    const [first, second] = [parseNetDev(linuxFixture('proc-net-dev-first.txt')), parseNetDev(linuxFixture('proc-net-dev-second.txt'))];
    const names = linuxJsonFixture<string[]>('interface-names').filter((name) => name !== 'lo');
    const perSec = (key: 'rxBytes' | 'txBytes') =>
      round2(names.reduce((sum, name) => sum + ((second.get(name)?.[key] ?? 0) - (first.get(name)?.[key] ?? 0)), 0) / (CAPTURED_INTERVAL_MS / 1000));
    expect(await feed.read(poll)).toEqual({ rxPerSec: perSec('rxBytes'), txPerSec: perSec('txBytes') });
  });

  it('network: a counter that went backwards gives null for that poll, never a negative rate', async () => {
    const dev = (eth0: number) => `Inter-|\n face |\n    lo: 5 0 0 0 0 0 0 0 5 0 0 0 0 0 0 0\n  eth0: ${eth0} 0 0 0 0 0 0 0 ${eth0} 0 0 0 0 0 0 0\n`;
    const readings = [dev(10_000), dev(20_000), dev(300), dev(1300)];
    const files = fixtureKernelFiles({ readProc: async () => readings.shift() ?? '', interfaceNames: () => ['lo', 'eth0'] });
    const feed = feedFor('network', createLinuxSystemInfo(files));
    const values = [];
    for (let i = 0; i < 4; i += 1) {
      values.push((await feed.read(poll)).rxPerSec);
      files.advance(1000);
    }
    expect(values).toEqual([null, 10_000, null, 1000]);
  });

  it('disk: the mount as df reports it; an error for a path that is not a mount point', async () => {
    const systemInfo = createLinuxSystemInfo(fixtureKernelFiles());
    const root = dfUsage('/', linuxJsonFixture<FsBlocks>('statfs-root'));
    expect(await feedFor('disk', systemInfo).read(poll)).toEqual({ usedPct: root.use, usedBytes: root.used, sizeBytes: root.size });
    for (const mount of ['/no/such/mount', '/usr']) {
      await expect(feedFor('disk', systemInfo, { mount }).read(poll)).rejects.toMatchObject({ code: ERROR_CODES.FEED_BAD_READING });
    }
  });

  it('load: os.loadavg, as before', async () => {
    const [load1, load5, load15] = fixture<number[]>('loadavg');
    expect(await feedFor('load', createLinuxSystemInfo(fixtureKernelFiles())).read(poll)).toEqual({ load1: round2(load1 ?? null), load5: round2(load5 ?? null), load15: round2(load15 ?? null) });
  });

  it('temperature: nulls on this VM, which has no sensor', async () => {
    expect(await feedFor('temperature', createLinuxSystemInfo(fixtureKernelFiles())).read(poll)).toEqual({ main: null, max: null });
  });

  it('a file that cannot be read fails the poll (the feed reports an error and retries)', async () => {
    const files = fixtureKernelFiles({ readProc: () => Promise.reject(new Error('EACCES: /proc/meminfo')) });
    await expect(feedFor('memory', createLinuxSystemInfo(files)).read(poll)).rejects.toThrow('EACCES');
  });
});

describe('which path a machine gets', () => {
  it('Linux with a readable /proc reads the kernel; anything else goes through systeminformation', () => {
    expect(chooseSystemInfoSource('linux', () => true)).toBe('linux');
    expect(chooseSystemInfoSource('linux', () => false)).toBe('systeminformation');
    expect(chooseSystemInfoSource('darwin', () => true)).toBe('systeminformation');
    expect(chooseSystemInfoSource('win32', () => true)).toBe('systeminformation');
  });
});
