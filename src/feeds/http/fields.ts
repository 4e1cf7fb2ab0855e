import type { FieldMeta } from '../../protocol';
import { titleFromTopic } from '../topic-title';
import type { HttpFeedConfig } from './schema';

/** The fields an HTTP feed publishes: one per configured entry. */
export function httpFields(config: HttpFeedConfig): FieldMeta[] {
  return config.fields.map((field) => ({
    name: field.name,
    label: field.label ?? titleFromTopic(field.name),
    ...(field.unit === undefined ? {} : { unit: field.unit }),
  }));
}
