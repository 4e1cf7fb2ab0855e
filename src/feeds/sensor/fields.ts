import type { FieldMeta } from '../../protocol';
import { titleFromTopic } from '../topic-title';
import type { SensorFeedConfig } from './schema';

/** The fields a sensor feed publishes: one per configured entry. */
export function sensorFields(config: SensorFeedConfig): FieldMeta[] {
  return config.fields.map((field) => ({
    name: field.name,
    label: field.label ?? titleFromTopic(field.name),
    ...(field.unit === undefined ? {} : { unit: field.unit }),
  }));
}
