import { describe, expect, it } from 'vitest';
import type { FileSystemSize, Memory } from '../system-info';
import { fixture } from '../testdata/fixture-system-info';
import { fixtureKernelFiles, linuxFixture, linuxJsonFixture } from '../testdata/fixture-kernel-files';
import { pickCpuTemperature, readSensors, type SensorReadings } from './cpu-temperature';
import { dfUsage, parseMountPoints } from './disk-usage';
import type { FsBlocks } from './kernel-files';
import { parseMeminfo } from './meminfo';
import { parseNetDev, selectInterfaces } from './net-dev';
import { parseProcStat } from './proc-stat';

const MIB = 1024 * 1024;

describe('/proc/stat', () => {
  it('reads the all-CPU line, not a per-CPU one', () => {
    const text = 'cpu  100 20 30 400 50 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 12345\n';
    expect(parseProcStat(text)).toEqual({ user: 100, nice: 20, system: 30, idle: 400, irq: 6, steal: 8, guest: 9 });
  });

  it('takes missing steal and guest columns (old kernels) as 0, and refuses a file without a cpu line', () => {
    expect(parseProcStat('cpu  100 20 30 400 50 6 7\n')).toMatchObject({ steal: 0, guest: 0 });
    expect(() => parseProcStat('intr 1\n')).toThrow(/no "cpu" line/);
  });

  it('parses the captured file; every counter of the later capture is at least the earlier one', () => {
    const first = parseProcStat(linuxFixture('proc-stat-first.txt'));
    const second = parseProcStat(linuxFixture('proc-stat-second.txt'));
    expect(first.idle).toBeGreaterThan(0);
    for (const key of Object.keys(first) as (keyof typeof first)[]) expect(second[key]).toBeGreaterThanOrEqual(first[key]);
  });
});

describe('/proc/meminfo', () => {
  it('gives what systeminformation gave from the same file a moment earlier: used is total - MemAvailable', () => {
    const ours = parseMeminfo(linuxFixture('proc-meminfo.txt'));
    const theirs = fixture<Memory>('mem');
    expect(ours.total).toBe(theirs.total);
    expect(ours.swaptotal).toBe(theirs.swaptotal);
    expect(ours.active).toBe(ours.total - ours.available);
    expect(Math.abs(ours.active - theirs.active)).toBeLessThan(64 * MIB);
  });

  it('counts free, buffers, cache and slab as available on kernels without MemAvailable', () => {
    const text = 'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 200 kB\nSwapCached: 5 kB\nSlab: 40 kB\nSwapTotal: 500 kB\nSwapFree: 400 kB\n';
    expect(parseMeminfo(text)).toEqual({ total: 1000 * 1024, available: 350 * 1024, active: 650 * 1024, swaptotal: 500 * 1024, swapused: 100 * 1024 });
  });

  it('refuses a file without MemTotal rather than reporting 0 %', () => {
    expect(() => parseMeminfo('MemFree: 100 kB\n')).toThrow(/MemTotal/);
  });
});

describe('/proc/net/dev', () => {
  it('reads received and sent bytes per interface, with or without a space after the colon', () => {
    const text = 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n  eth0: 1200 10 0 0 0 0 0 0 3400 20 0 0 0 0 0 0\nwlan0:99 1 0 0 0 0 0 0 77 1 0 0 0 0 0 0\n';
    expect(parseNetDev(text)).toEqual(
      new Map([
        ['eth0', { rxBytes: 1200, txBytes: 3400 }],
        ['wlan0', { rxBytes: 99, txBytes: 77 }],
      ]),
    );
  });

  it('keeps the interfaces systeminformation lists (those with an address), once each, in its order', () => {
    const all = parseNetDev(linuxFixture('proc-net-dev-first.txt'));
    expect([...all.keys()]).toContain('ifb0');
    const names = linuxJsonFixture<string[]>('interface-names');
    expect([...selectInterfaces(all, names).keys()]).toEqual(names);
    expect([...selectInterfaces(all, ['eth0', 'eth0:1', 'lo', 'gone0']).keys()]).toEqual(['eth0', 'lo']);
  });
});

describe('disk use', () => {
  it('lists mount points, decoding the kernel\'s octal escapes', () => {
    expect(parseMountPoints('/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0\n/dev/vda / ext4 rw 0 0\n')).toEqual(['/mnt/my disk', '/']);
    expect(parseMountPoints(linuxFixture('proc-self-mounts.txt'))).toContain('/');
  });

  it('reports / as df did for systeminformation a moment earlier', () => {
    const ours = dfUsage('/', linuxJsonFixture<FsBlocks>('statfs-root'));
    const theirs = fixture<FileSystemSize[]>('fs-size').find((fs) => fs.mount === '/') as FileSystemSize;
    expect(ours.size).toBe(theirs.size);
    expect(Math.abs(ours.used - theirs.used)).toBeLessThan(64 * MIB);
    expect(Math.abs((ours.use as number) - (theirs.use as number))).toBeLessThan(0.1);
  });

  it('counts as df -kP does: whole KiB rounded up, root\'s reserve as free, % of what a user could have', () => {
    // 1001 blocks of 512 B (500.5 KiB); 301 free, of which 200 are root's reserve.
    expect(dfUsage('/x', { bsize: 512, blocks: 1001, bfree: 301, bavail: 101 })).toEqual({
      mount: '/x',
      size: 501 * 1024,
      used: 350 * 1024,
      use: Math.round((100 * 350 * 100) / (350 + 51)) / 100,
    });
    expect(dfUsage('/empty', { bsize: 4096, blocks: 0, bfree: 0, bavail: 0 }).use).toBeNull();
  });
});

describe('CPU temperature, by systeminformation\'s rules', () => {
  const hwmon = (...sensors: [string, number][]): SensorReadings['hwmon'] => sensors.map(([label, milliCelsius]) => ({ label, milliCelsius }));

  it('Intel coretemp: the package sensor, and the hottest core as max', () => {
    expect(pickCpuTemperature({ hwmon: hwmon(['Package id 0', 48000], ['Core 0', 45000], ['Core 1', 51000]), zones: [] })).toEqual({ main: 48, max: 51 });
  });

  it('AMD k10temp: Tctl; what comes before Tdie is dropped', () => {
    expect(pickCpuTemperature({ hwmon: hwmon(['Tctl', 61250], ['Tccd1', 55000]), zones: [] })).toEqual({ main: 61.3, max: 61.3 });
    expect(pickCpuTemperature({ hwmon: hwmon(['Core 9', 99000], ['Tdie', 60000], ['Tctl', 70000]), zones: [] })).toEqual({ main: 70, max: 70 });
  });

  it('cores only: their mean, rounded to a degree as systeminformation does', () => {
    expect(pickCpuTemperature({ hwmon: hwmon(['Core 0', 40000], ['Core 1', 43000]), zones: [] })).toEqual({ main: 42, max: 43 });
  });

  it('a thermal zone named for the CPU (a Raspberry Pi), else zone 0 whatever it is, else nulls (this VM)', () => {
    const zones = [
      { zone: 'thermal_zone0', type: 'acpitz', milliCelsius: 27800 },
      { zone: 'thermal_zone1', type: 'cpu-thermal', milliCelsius: 49173 },
    ];
    expect(pickCpuTemperature({ hwmon: [], zones })).toEqual({ main: 49.2, max: 49.2 });
    expect(pickCpuTemperature({ hwmon: [], zones: zones.slice(0, 1) })).toEqual({ main: 27.8, max: 27.8 });
    expect(pickCpuTemperature({ hwmon: [], zones: [] })).toEqual({ main: null, max: null });
  });

  it('reads labelled hwmon sensors in glob order and skips one that will not answer', async () => {
    const files = fixtureKernelFiles({
      sys: {
        dirs: {
          '/sys/class/hwmon': ['hwmon2', 'hwmon10'],
          '/sys/class/hwmon/hwmon2': ['name', 'temp1_input', 'temp1_label', 'temp2_input', 'temp2_label', 'temp3_input'],
          '/sys/class/hwmon/hwmon10': ['name', 'temp1_input', 'temp1_label'],
          '/sys/class/thermal': ['cooling_device0', 'thermal_zone0'],
          '/sys/class/thermal/thermal_zone0': ['type', 'temp'],
        },
        files: {
          '/sys/class/hwmon/hwmon2/temp1_label': 'Package id 0\n',
          '/sys/class/hwmon/hwmon2/temp1_input': '47000\n',
          '/sys/class/hwmon/hwmon2/temp2_label': 'Core 0\n',
          '/sys/class/hwmon/hwmon2/temp3_input': '99000\n',
          '/sys/class/hwmon/hwmon10/temp1_label': 'Composite\n',
          '/sys/class/hwmon/hwmon10/temp1_input': '38850\n',
          '/sys/class/thermal/thermal_zone0/type': 'x86_pkg_temp\n',
          '/sys/class/thermal/thermal_zone0/temp': '47000\n',
        },
      },
    });
    expect(await readSensors(files)).toEqual({
      hwmon: [
        { label: 'Composite', milliCelsius: 38850 },
        { label: 'Package id 0', milliCelsius: 47000 },
      ],
      zones: [{ zone: 'thermal_zone0', type: 'x86_pkg_temp', milliCelsius: 47000 }],
    });
  });

  it('this VM\'s captured /sys has no sensor, as systeminformation found', async () => {
    const theirs = fixture<{ main: number | null; max: number | null }>('cpu-temperature');
    expect(pickCpuTemperature(await readSensors(fixtureKernelFiles()))).toEqual({ main: theirs.main, max: theirs.max });
  });
});
