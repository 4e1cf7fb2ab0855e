import { describe, expect, it } from 'vitest';
import { CAPTURED_INTERVAL_MS, linuxFixture } from '../testdata/fixture-kernel-files';
import { createDeltaSampler } from './delta-sampler';
import { interfaceRates, parseNetDev } from './net-dev';
import { cpuLoadBetween, NO_CPU_LOAD, parseProcStat, type CpuTimes } from './proc-stat';

const IDLE: CpuTimes = { user: 1000, nice: 10, system: 500, idle: 8000, irq: 5, steal: 0, guest: 0 };

describe('CPU percentages between two /proc/stat readings', () => {
  it('counts as systeminformation does: iowait and softirq are in neither busy time nor the total', () => {
    // Between the two: 20 user, 5 nice, 10 system, 60 idle, 50 iowait, 5 irq, 30 softirq.
    const before = parseProcStat('cpu  1000 10 500 8000 70 5 40 0 0 0\n');
    const after = parseProcStat('cpu  1020 15 510 8060 120 10 70 0 0 0\n');
    expect(cpuLoadBetween(before, after)).toEqual({ currentLoad: 40, currentLoadUser: 20, currentLoadSystem: 10 });
  });

  it('from the captured readings: percentages of a whole', () => {
    const load = cpuLoadBetween(parseProcStat(linuxFixture('proc-stat-first.txt')), parseProcStat(linuxFixture('proc-stat-second.txt')));
    expect(load.currentLoad).toBeGreaterThanOrEqual(0);
    expect(load.currentLoad).toBeLessThanOrEqual(100);
    expect((load.currentLoadUser as number) + (load.currentLoadSystem as number)).toBeLessThanOrEqual(load.currentLoad as number);
  });

  it('null, not a negative or a made-up share, when a counter went backwards or no tick passed', () => {
    expect(cpuLoadBetween(IDLE, { ...IDLE, user: 1100, idle: 7990 })).toEqual(NO_CPU_LOAD);
    expect(cpuLoadBetween(IDLE, IDLE)).toEqual(NO_CPU_LOAD);
  });
});

describe('network rates between two /proc/net/dev readings', () => {
  const reading = (entries: Record<string, [number, number]>) =>
    new Map(Object.entries(entries).map(([iface, [rxBytes, txBytes]]) => [iface, { rxBytes, txBytes }]));

  it('bytes per second over the elapsed time', () => {
    expect(interfaceRates(reading({ eth0: [1000, 500] }), reading({ eth0: [3000, 1500] }), 2000)).toEqual([{ iface: 'eth0', rx_sec: 1000, tx_sec: 500 }]);
  });

  it('from the captured readings, taken the captured interval apart', () => {
    const first = parseNetDev(linuxFixture('proc-net-dev-first.txt'));
    const second = parseNetDev(linuxFixture('proc-net-dev-second.txt'));
    const lo = interfaceRates(first, second, CAPTURED_INTERVAL_MS).find((stats) => stats.iface === 'lo');
    const bytes = (second.get('lo')?.rxBytes ?? 0) - (first.get('lo')?.rxBytes ?? 0);
    expect(lo?.rx_sec).toBeCloseTo((bytes * 1000) / CAPTURED_INTERVAL_MS, 6);
  });

  it('null for an interface that just appeared, or whose counter went backwards (recreated, or a 32-bit wrap)', () => {
    const rates = interfaceRates(reading({ eth0: [5000, 5000] }), reading({ eth0: [100, 6000], wg0: [10, 10] }), 1000);
    expect(rates).toEqual([
      { iface: 'eth0', rx_sec: null, tx_sec: 1000 },
      { iface: 'wg0', rx_sec: null, tx_sec: null },
    ]);
  });
});

describe('the delta sampler every CPU and network feed shares', () => {
  function sampler(firstIntervalMs?: number) {
    let ms = 0;
    let counter = 0;
    const reads: number[] = [];
    const clock = { now: () => ms, sleep: async (wait: number) => void ((ms += wait), (counter += wait)) };
    const sample = createDeltaSampler({
      read: async () => (reads.push(ms), counter),
      between: (previous: number, current: number, elapsedMs: number) => ((current - previous) * 1000) / elapsedMs,
      first: () => null,
      clock,
      minIntervalMs: 200,
      ...(firstIntervalMs === undefined ? {} : { firstIntervalMs }),
    });
    return { sample, reads, set: (value: number, at: number) => ((counter = value), (ms = at)) };
  }

  it('gives the first-call result first, then the change per second since the previous call', async () => {
    const { sample, set } = sampler();
    expect(await sample()).toBeNull();
    set(50, 1000);
    expect(await sample()).toBe(50);
    set(60, 3000);
    expect(await sample()).toBe(5);
  });

  it('answers a call soon after another with the same result instead of a near-empty interval', async () => {
    const { sample, set } = sampler();
    await sample();
    set(100, 1000);
    expect(await sample()).toBe(100);
    set(101, 1010);
    expect(await sample()).toBe(100);
    // The next full interval is measured from the last real reading.
    set(300, 2000);
    expect(await sample()).toBe(200);
  });

  it('with a first interval (CPU), measures the first call over it instead of answering nothing', async () => {
    // The counter here rises 1 per ms, so 1000 per second.
    const { sample, reads } = sampler(500);
    expect(await sample()).toBe(1000);
    expect(reads).toEqual([0, 500]);
  });

  it('feeds calling during the first interval share it, and a failed first read lets the next call start over', async () => {
    const { sample, reads } = sampler(500);
    expect(await Promise.all([sample(), sample()])).toEqual([1000, 1000]);
    expect(reads).toEqual([0, 500]);

    let fail = true;
    const flaky = createDeltaSampler({
      read: async () => {
        if (fail) throw new Error('EIO');
        return 0;
      },
      between: () => 'measured',
      first: () => 'first',
      clock: { now: () => 0, sleep: async () => undefined },
      minIntervalMs: 0,
      firstIntervalMs: 500,
    });
    await expect(flaky()).rejects.toThrow('EIO');
    fail = false;
    expect(await flaky()).toBe('measured');
  });
});
