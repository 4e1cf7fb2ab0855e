import type { CpuTemperature } from '../system-info';
import type { KernelFiles } from './kernel-files';

const HWMON = '/sys/class/hwmon';
const THERMAL = '/sys/class/thermal';

/** What the kernel's sensors say, in the order a shell glob lists them. */
export interface SensorReadings {
  /** Labelled hwmon temperatures (`tempN_label` and `tempN_input`), in thousandths of a °C as the kernel gives them. */
  hwmon: { label: string; milliCelsius: number }[];
  /** Thermal zones (`thermal_zoneN/type` and `temp`), in thousandths of a °C. */
  zones: { zone: string; type: string; milliCelsius: number }[];
}

/**
 * The CPU temperature by `systeminformation`'s rules on Linux (`cpuTemperature` in lib/cpu.js),
 * from the same /sys files it reads with `cat` and `sensors`: an AMD `Tctl`, else an Intel
 * `Package`/`Physical` or AMD `Tccd1` sensor, else the mean of the `Core N` sensors; the
 * hottest core as max. Without those, the first thermal zone named like a CPU (a Raspberry Pi's
 * `cpu-thermal`), else thermal zone 0. Nulls when there is no sensor (VMs, containers).
 */
export function pickCpuTemperature({ hwmon, zones }: SensorReadings): CpuTemperature {
  // systeminformation drops whatever comes before an AMD `Tdie` sensor.
  const tdie = hwmon.findIndex((sensor) => sensor.label.toLowerCase().includes('tdie'));
  const sensors = tdie > 0 ? hwmon.slice(tdie) : hwmon;
  let main: number | null = null;
  const cores: number[] = [];
  for (const sensor of sensors) {
    const name = sensor.label.toLowerCase();
    const celsius = tenths(sensor.milliCelsius);
    if (name === 'tctl') main = celsius;
    if (name.startsWith('core')) cores.push(celsius);
    else if (main === null && (name.includes('package') || name.includes('physical') || name === 'tccd1')) main = celsius;
  }
  if (cores.length > 0) {
    main ??= Math.round(cores.reduce((sum, t) => sum + t, 0) / cores.length);
    return { main, max: Math.max(main, ...cores) };
  }
  if (main !== null) return { main, max: main };
  const cpuZone = zones.find((z) => z.type.toLowerCase().includes('cpu'));
  if (cpuZone) return { main: tenths(cpuZone.milliCelsius), max: tenths(cpuZone.milliCelsius) };
  // The last resort, whatever the zone measures; systeminformation does not round this one.
  const zone0 = zones.find((z) => z.zone === 'thermal_zone0');
  return zone0 ? { main: zone0.milliCelsius / 1000, max: zone0.milliCelsius / 1000 } : { main: null, max: null };
}

/** °C to one decimal, rounded as systeminformation rounds. */
function tenths(milliCelsius: number): number {
  return Math.round(milliCelsius / 100) / 10;
}

/**
 * Reads every labelled hwmon temperature and every thermal zone. A sensor that cannot be
 * read (a zone answers EINVAL while its device sleeps) is skipped rather than failing the poll.
 */
export async function readSensors(files: KernelFiles): Promise<SensorReadings> {
  const hwmon: SensorReadings['hwmon'] = [];
  for (const chip of (await files.listSys(HWMON)).filter((name) => name.startsWith('hwmon')).sort()) {
    const labels = (await files.listSys(`${HWMON}/${chip}`)).filter((name) => /^temp\d+_label$/.test(name)).sort();
    for (const labelFile of labels) {
      const base = `${HWMON}/${chip}/${labelFile.replace(/_label$/, '')}`;
      const [label, input] = await Promise.all([readOrNull(files, `${base}_label`), readOrNull(files, `${base}_input`)]);
      const milli = parseMilliCelsius(input);
      if (label !== null && milli !== null) hwmon.push({ label: label.trim(), milliCelsius: milli });
    }
  }
  const zones: SensorReadings['zones'] = [];
  for (const zone of (await files.listSys(THERMAL)).filter((name) => name.startsWith('thermal_zone')).sort()) {
    const [type, temp] = await Promise.all([readOrNull(files, `${THERMAL}/${zone}/type`), readOrNull(files, `${THERMAL}/${zone}/temp`)]);
    const milli = parseMilliCelsius(temp);
    if (type !== null && milli !== null) zones.push({ zone, type: type.trim(), milliCelsius: milli });
  }
  return { hwmon, zones };
}

async function readOrNull(files: KernelFiles, path: string): Promise<string | null> {
  try {
    return await files.readSys(path);
  } catch {
    return null;
  }
}

function parseMilliCelsius(text: string | null): number | null {
  const value = text === null ? Number.NaN : parseInt(text, 10);
  return Number.isFinite(value) ? value : null;
}
