import type { FieldMeta } from '../../protocol';
import { declaredFieldMeta } from '../declared-fields';
import type { SensorFeedConfig } from './schema';

/** The fields a sensor feed publishes: one per configured entry. */
export function sensorFields(config: SensorFeedConfig): FieldMeta[] {
  return declaredFieldMeta(config.fields);
}
