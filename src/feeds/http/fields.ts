import type { FieldMeta } from '../../protocol';
import { declaredFieldMeta } from '../declared-fields';
import type { HttpFeedConfig } from './schema';

/** The fields an HTTP feed publishes: one per configured entry. */
export function httpFields(config: HttpFeedConfig): FieldMeta[] {
  return declaredFieldMeta(config.fields);
}
