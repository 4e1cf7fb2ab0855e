import type { FieldMeta } from '../../protocol';
import { declaredFieldMeta } from '../declared-fields';
import type { MqttFeedConfig } from './schema';

/** The fields every topic of an MQTT feed publishes: the ones it declares. */
export function mqttFields(config: MqttFeedConfig): FieldMeta[] {
  return declaredFieldMeta(config.fields);
}
