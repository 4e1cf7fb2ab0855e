import { describe, expect, it } from 'vitest';
import type { SampleValues } from '../../protocol';
import { createRandom } from '../random';
import { sensorFeedSchema } from './schema';
import { createSensorPoller, sensorReading } from './sensor-feed';

const HOUR = 3_600_000;

async function readMany(read: (now: number) => Promise<SampleValues>, count: number, step = 1000): Promise<SampleValues[]> {
  const out: SampleValues[] = [];
  for (let i = 0; i < count; i += 1) out.push(await read(i * step));
  return out;
}

const signal = new AbortController().signal;

describe('simulated sensor', () => {
  const config = sensorFeedSchema.parse({
    kind: 'sensor',
    topic: 'sensors.greenhouse',
    seed: 3,
    fields: [
      { name: 'temperature', mean: 20, amplitude: 5, peakHour: 15 },
      { name: 'humidity', mean: 95, amplitude: 10, noise: 2, min: 0, max: 100 },
    ],
  });

  it('follows a daily cycle that peaks at peakHour and bottoms twelve hours later', () => {
    const field = config.fields[0];
    if (!field) throw new Error('fixture has a field');
    const random = createRandom(1);
    expect(sensorReading(field, 15 * HOUR, random)).toBeCloseTo(25, 5);
    expect(sensorReading(field, 3 * HOUR, random)).toBeCloseTo(15, 5);
    expect(sensorReading(field, 9 * HOUR, random)).toBeCloseTo(20, 5);
  });

  it('clamps to min/max, and is deterministic for a seed', async () => {
    const a = createSensorPoller(config);
    const b = createSensorPoller(config);
    const readingsA = await readMany((now) => a.read({ signal, now }), 1440, 60_000);
    const readingsB = await readMany((now) => b.read({ signal, now }), 1440, 60_000);
    expect(readingsA).toEqual(readingsB);
    expect(readingsA.every((v) => (v.humidity as number) <= 100)).toBe(true);
    expect(readingsA.some((v) => v.humidity === 100)).toBe(true);
  });

  it('spikes rarely, at about the configured chance', () => {
    const base = config.fields[0];
    if (!base) throw new Error('fixture has a field');
    const field = { ...base, amplitude: 0, spikeChance: 0.02, spikeSize: 50 };
    const random = createRandom(9);
    const readings = Array.from({ length: 10_000 }, (_, i) => sensorReading(field, i * 1000, random));
    const spikes = readings.filter((v) => v > 60).length;
    expect(spikes).toBeGreaterThan(100);
    expect(spikes).toBeLessThan(300);
  });
});
