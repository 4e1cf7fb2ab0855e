import type { FieldMeta } from '../../protocol';
import { titleFromTopic } from '../topic-title';
import type { PushFeedConfig } from './schema';

/** The fields a push topic takes: the ones it declares. */
export function pushFields(config: PushFeedConfig): FieldMeta[] {
  return config.fields.map((field) => ({
    name: field.name,
    label: field.label ?? titleFromTopic(field.name),
    ...(field.unit === undefined ? {} : { unit: field.unit }),
  }));
}
