import type { FieldMeta } from '../../protocol';
import { declaredFieldMeta } from '../declared-fields';
import type { PushFeedConfig } from './schema';

/** The fields a push topic takes: the ones it declares. */
export function pushFields(config: PushFeedConfig): FieldMeta[] {
  return declaredFieldMeta(config.fields);
}
