import type { FieldMeta } from '../../protocol';

/** What every stock topic publishes, each field with its own unit: the topic has none that fits all three. */
export const STOCK_FIELDS: FieldMeta[] = [
  { name: 'price', label: 'Price', unit: '$' },
  { name: 'changePct', label: 'Change', unit: '%' },
  { name: 'volume', label: 'Volume', unit: 'shares' },
];
