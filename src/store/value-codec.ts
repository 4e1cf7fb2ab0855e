import type { SampleValues } from '../protocol';

/**
 * A sample's values as stored: one little-endian float64 per field, in the order of the topic's
 * layout (its field names when the sample was written), NaN for null. Three fields take 24
 * bytes where their JSON takes about fifty.
 */
export function encodeValues(values: SampleValues, fields: readonly string[]): Buffer {
  const buffer = Buffer.allocUnsafe(fields.length * 8);
  fields.forEach((field, i) => buffer.writeDoubleLE(values[field] ?? Number.NaN, i * 8));
  return buffer;
}

export function decodeValues(blob: Uint8Array, fields: readonly string[]): SampleValues {
  const view = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const values: SampleValues = {};
  fields.forEach((field, i) => {
    const value = i * 8 + 8 <= view.length ? view.readDoubleLE(i * 8) : Number.NaN;
    values[field] = Number.isNaN(value) ? null : value;
  });
  return values;
}
