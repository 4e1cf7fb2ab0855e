import type { FieldMeta } from '../../protocol';

/** What every stock topic publishes. */
export const STOCK_FIELDS: FieldMeta[] = [
  { name: 'price', label: 'Price', unit: '$' },
  { name: 'changePct', label: 'Change', unit: '%' },
  { name: 'volume', label: 'Volume' },
];
