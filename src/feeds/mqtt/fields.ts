import type { FieldMeta } from '../../protocol';
import { titleFromTopic } from '../topic-title';
import type { MqttFeedConfig } from './schema';

/** The fields every topic of an MQTT feed publishes: the ones it declares. */
export function mqttFields(config: MqttFeedConfig): FieldMeta[] {
  return config.fields.map((field) => ({
    name: field.name,
    label: field.label ?? titleFromTopic(field.name),
    ...(field.unit === undefined ? {} : { unit: field.unit }),
  }));
}
