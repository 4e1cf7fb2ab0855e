import { z } from 'zod';
import { declaredFieldShape, declaredFieldsSchema } from '../declared-fields';
import { feedBaseShape, pollShape } from '../feed-schema';
import { seedSchema } from '../random';

const sensorFieldSchema = z.strictObject({
  ...declaredFieldShape,
  mean: z.number().describe('The daily average.'),
  amplitude: z.number().default(0).describe('Half the daily swing; negative peaks at night.'),
  peakHour: z.number().min(0).max(24).default(15).describe('Hour (UTC) of the daily peak.'),
  noise: z.number().min(0).default(0).describe('Standard deviation of the per-reading noise.'),
  spikeChance: z.number().min(0).max(1).default(0).describe('Chance per reading of a spike.'),
  spikeSize: z.number().default(0).describe('Typical size of a spike.'),
  min: z.number().optional().describe('Readings are clamped to at least this.'),
  max: z.number().optional().describe('Readings are clamped to at most this.'),
});

/** `kind: "sensor"`: simulated readings with a daily cycle. */
export const sensorFeedSchema = z.strictObject({
  kind: z.literal('sensor'),
  ...feedBaseShape,
  ...pollShape,
  fields: declaredFieldsSchema(sensorFieldSchema, 32),
  seed: seedSchema,
});

export type SensorFeedConfig = z.output<typeof sensorFeedSchema>;
export type SensorFieldConfig = SensorFeedConfig['fields'][number];
