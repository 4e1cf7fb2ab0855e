import type { SampleValues } from '../../protocol';
import type { Poller } from '../feed';
import { createRandom, type Random } from '../random';
import { titleFromTopic } from '../topic-title';
import { sensorFields } from './fields';
import type { SensorFeedConfig, SensorFieldConfig } from './schema';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A simulated sensor: each field follows a daily sine cycle that peaks at
 * `peakHour` (UTC), plus Gaussian noise, plus rare spikes, clamped to [min, max].
 */
export function createSensorPoller(config: SensorFeedConfig): Poller {
  const random = createRandom(config.seed);
  return {
    meta: {
      topic: config.topic,
      title: config.title ?? titleFromTopic(config.topic),
      kind: 'sensor',
      intervalMs: config.intervalMs,
      fields: sensorFields(config),
    },
    async read({ now }) {
      const values: SampleValues = {};
      for (const field of config.fields) values[field.name] = sensorReading(field, now, random);
      return values;
    },
  };
}

/** One reading of one field at time `ts`. Exported for tests of the daily shape. */
export function sensorReading(field: SensorFieldConfig, ts: number, random: Random): number {
  const phase = (2 * Math.PI * ((ts - field.peakHour * HOUR_MS) % DAY_MS)) / DAY_MS;
  let value = field.mean + field.amplitude * Math.cos(phase) + field.noise * random.normal();
  if (field.spikeChance > 0 && random.next() < field.spikeChance) value += field.spikeSize * (1 + Math.abs(random.normal()));
  if (field.min !== undefined) value = Math.max(field.min, value);
  if (field.max !== undefined) value = Math.min(field.max, value);
  return Math.round(value * 100) / 100;
}
