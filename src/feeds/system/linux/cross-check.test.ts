/*
 * The Linux path against systeminformation on this machine: real reads, no fixtures. Each
 * systeminformation reading is taken between two of ours, so a value that moved meanwhile
 * (memory, disk, traffic) must lie between them; nothing here depends on how fast a read is.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { describe, expect, it } from 'vitest';
import type { CpuLoad } from '../system-info';
import { canReadProc, createKernelFiles } from './kernel-files';
import { createLinuxSystemInfo } from './linux-system-info';
import { parseNetDev, selectInterfaces } from './net-dev';

const onLinux = process.platform === 'linux' && canReadProc();
const MIB = 1024 * 1024;

/** Asserts `value` lies between `a` and `b` (in either order), give or take `slack`. */
function expectBetween(value: number, a: number, b: number, slack: number): void {
  expect(value).toBeGreaterThanOrEqual(Math.min(a, b) - slack);
  expect(value).toBeLessThanOrEqual(Math.max(a, b) + slack);
}

/** Keeps both CPUs partly busy, so the percentages compared are not all near zero. */
async function busyFor(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const sliceEnd = Date.now() + 20;
    while (Date.now() < sliceEnd) Math.sqrt(Math.random());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (!onLinux) {
  describe('the Linux path against systeminformation', () => {
    it.skip(`skipped: the Linux path reads /proc, and this is ${process.platform}${process.platform === 'linux' ? ' without a readable /proc' : ''}`, () => {});
  });
}

describe.runIf(onLinux)('the Linux path agrees with systeminformation on this machine', () => {
  const linux = createLinuxSystemInfo(createKernelFiles());

  it('memory: the same total; used (`active`) between our readings just before and after', async () => {
    const before = await linux.mem();
    const theirs = await si.mem();
    const after = await linux.mem();
    expect(before.total).toBe(theirs.total);
    expect(before.swaptotal).toBe(theirs.swaptotal);
    expectBetween(theirs.active, before.active, after.active, 4 * MIB);
  });

  it('disk: the same size of /, and used between our readings, give or take what other writers did meanwhile', async () => {
    const before = (await linux.fsSize('/'))[0];
    const theirs = (await si.fsSize()).find((fs) => fs.mount === '/');
    const after = (await linux.fsSize('/'))[0];
    const { bsize } = await createKernelFiles().statfs('/');
    if (!before || !after || !theirs) throw new Error('no file system mounted at /');
    expect(before.size).toBe(theirs.size);
    // Other processes write and delete files while the three readings run (a parallel test, a
    // build): used may go up and back down between ours, so a block of slack is not enough.
    const slack = Math.max(bsize, 64 * MIB);
    expectBetween(theirs.used, before.used, after.used, slack);
    expectBetween(theirs.use, before.use as number, after.use as number, (100 * slack) / before.size + 0.01);
  });

  it('network: the same interfaces, each with byte counters between ours read just before and after', async () => {
    const read = () => selectInterfaces(parseNetDev(readFileSync('/proc/net/dev', 'utf8')), Object.keys(os.networkInterfaces()));
    const before = read();
    const theirs = await si.networkStats('*');
    const after = read();
    expect([...before.keys()].sort()).toEqual(theirs.map((stats) => stats.iface).sort());
    for (const stats of theirs) {
      expectBetween(stats.rx_bytes, before.get(stats.iface)?.rxBytes ?? Number.NaN, after.get(stats.iface)?.rxBytes ?? Number.NaN, 0);
      expectBetween(stats.tx_bytes, before.get(stats.iface)?.txBytes ?? Number.NaN, after.get(stats.iface)?.txBytes ?? Number.NaN, 0);
    }
  });

  it('cpu: the percentages over the same interval within a few points', async () => {
    // Both first calls measure over 500 ms; started together, the interval compared starts as both end.
    await Promise.all([si.currentLoad(), linux.currentLoad()]);
    await busyFor(1500);
    const theirs = await si.currentLoad();
    const ours: CpuLoad = await linux.currentLoad();
    expect(Math.abs((ours.currentLoad as number) - theirs.currentLoad)).toBeLessThan(3);
    expect(Math.abs((ours.currentLoadUser as number) - theirs.currentLoadUser)).toBeLessThan(3);
    expect(Math.abs((ours.currentLoadSystem as number) - theirs.currentLoadSystem)).toBeLessThan(3);
  });

  it('load: os.loadavg', () => {
    expect(linux.loadavg()).toEqual(os.loadavg());
  });

  it('temperature: the same sensor, or none on both (a VM)', async () => {
    const ours = await linux.cpuTemperature();
    const theirs = await si.cpuTemperature();
    expect(ours.main === null).toBe(theirs.main === null);
    if (ours.main !== null && theirs.main !== null) expect(Math.abs(ours.main - theirs.main)).toBeLessThanOrEqual(1);
  });
});
