import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors';
import { systemFeedSchema, type SystemMetricName } from './schema';
import { createSystemPoller } from './system-feed';
import type { FileSystemSize, InterfaceStats, Memory, SystemInfo } from './system-info';
import { fixture, fixtureSystemInfo } from './testdata/fixture-system-info';

function feedFor(metric: SystemMetricName, systemInfo: SystemInfo, extra: Record<string, unknown> = {}) {
  return createSystemPoller(systemFeedSchema.parse({ kind: 'system', topic: `system.${metric}`, metric, ...extra }), systemInfo);
}

const poll = { signal: new AbortController().signal, now: 0 };

describe('system feed, against captured systeminformation output', () => {
  it('cpu: total, user and system percentages', async () => {
    const feed = feedFor('cpu', fixtureSystemInfo());
    const load = fixture<{ currentLoad: number; currentLoadUser: number; currentLoadSystem: number }>('current-load');
    expect(feed.meta.fields.map((f) => f.name)).toEqual(['total', 'user', 'system']);
    expect(await feed.read(poll)).toEqual({
      total: Math.round(load.currentLoad * 100) / 100,
      user: Math.round(load.currentLoadUser * 100) / 100,
      system: Math.round(load.currentLoadSystem * 100) / 100,
    });
  });

  it('memory: used is `active`, and no swap gives a null swap percentage', async () => {
    const mem = fixture<Memory>('mem');
    const values = await feedFor('memory', fixtureSystemInfo()).read(poll);
    expect(values.usedBytes).toBe(mem.active);
    expect(values.totalBytes).toBe(mem.total);
    expect(values.usedPct).toBeCloseTo((mem.active / mem.total) * 100, 1);
    expect(values.swapUsedPct).toBe(mem.swaptotal > 0 ? expect.any(Number) : null);
  });

  it('memory: the all-zero answer systeminformation gives on failure is an error, not 0 %', async () => {
    const zeros: Memory = { total: 0, active: 0, available: 0, swaptotal: 0, swapused: 0 };
    const feed = feedFor('memory', fixtureSystemInfo({ mem: async () => zeros }));
    await expect(feed.read(poll)).rejects.toMatchObject({ code: ERROR_CODES.FEED_BAD_READING });
  });

  it('network: null rates on the first call, then the sum over non-loopback interfaces', async () => {
    const feed = feedFor('network', fixtureSystemInfo());
    expect(await feed.read(poll)).toEqual({ rxPerSec: null, txPerSec: null });
    const second = fixture<InterfaceStats[]>('network-stats-second').filter((s) => s.iface !== 'lo');
    const rx = second.reduce((sum, s) => sum + (s.rx_sec ?? 0), 0);
    expect((await feed.read(poll)).rxPerSec).toBeCloseTo(rx, 1);
  });

  it('network: a partial set of rates is null rather than a dip', async () => {
    const stats: InterfaceStats[] = [
      { iface: 'eth0', rx_sec: 100, tx_sec: 50 },
      { iface: 'eth1', rx_sec: null, tx_sec: null },
    ];
    expect(await feedFor('network', fixtureSystemInfo({ networkStats: async () => stats })).read(poll)).toEqual({ rxPerSec: null, txPerSec: null });
  });

  it('disk: the configured mount, and an error for a mount that is not there', async () => {
    const root = fixture<FileSystemSize[]>('fs-size').find((fs) => fs.mount === '/');
    expect(await feedFor('disk', fixtureSystemInfo()).read(poll)).toEqual({ usedPct: root?.use, usedBytes: root?.used, sizeBytes: root?.size });
    await expect(feedFor('disk', fixtureSystemInfo(), { mount: '/no/such/mount' }).read(poll)).rejects.toMatchObject({
      code: ERROR_CODES.FEED_BAD_READING,
    });
  });

  it('load: 1, 5 and 15 minute averages', async () => {
    const [l1, l5, l15] = fixture<number[]>('loadavg');
    const values = await feedFor('load', fixtureSystemInfo()).read(poll);
    expect(values.load1).toBeCloseTo(l1 as number, 2);
    expect(values.load5).toBeCloseTo(l5 as number, 2);
    expect(values.load15).toBeCloseTo(l15 as number, 2);
  });

  it('temperature: nulls on a machine without a sensor (this VM), degrees where there is one', async () => {
    expect(await feedFor('temperature', fixtureSystemInfo()).read(poll)).toEqual({ main: null, max: null });
    const hot = fixtureSystemInfo({ cpuTemperature: async () => ({ main: 54.5, max: 61 }) });
    expect(await feedFor('temperature', hot).read(poll)).toEqual({ main: 54.5, max: 61 });
    const bogus = fixtureSystemInfo({ cpuTemperature: async () => ({ main: -1, max: -1 }) });
    expect(await feedFor('temperature', bogus).read(poll)).toEqual({ main: null, max: null });
  });
});
