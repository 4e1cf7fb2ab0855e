import { describe, expect, it } from 'vitest';
import { aggregate, bucketOf, TIERS } from '../../src/store/rollups';
import { decodeValues, encodeValues } from '../../src/store/value-codec';

describe('value codec', () => {
  it('stores values as float64s in the layout\'s order, null as NaN, and reads them back', () => {
    const fields = ['price', 'constructor', 'volume'];
    const blob = encodeValues({ price: 142.51, volume: null, constructor: -0.5 }, fields);
    expect(blob.length).toBe(24);
    expect(decodeValues(blob, fields)).toEqual({ price: 142.51, constructor: -0.5, volume: null });
    // A field the layout gained later reads as null from an older, shorter blob.
    expect(decodeValues(encodeValues({ a: 1 }, ['a']), ['a', 'b'])).toEqual({ a: 1, b: null });
  });
});

describe('roll-ups', () => {
  it('aggregates min, max, sum, count and last per bucket and field, leaving nulls out', () => {
    const samples = [
      { ts: 60_000 * 10 + 1_000, values: { t: 20, h: null } },
      { ts: 60_000 * 10 + 30_000, values: { t: 24, h: 50 } },
      { ts: 60_000 * 10 + 59_999, values: { t: 22, h: 52 } },
      { ts: 60_000 * 11, values: { t: 30, h: null } },
    ];
    const buckets = aggregate(samples, TIERS.minute);
    expect([...buckets.keys()]).toEqual([600_000, 660_000]);
    expect(Object.fromEntries(buckets.get(600_000) ?? [])).toEqual({
      t: { min: 20, max: 24, sum: 66, count: 3, last: 22 },
      h: { min: 50, max: 52, sum: 102, count: 2, last: 52 },
    });
    expect(Object.fromEntries(buckets.get(660_000) ?? [])).toEqual({ t: { min: 30, max: 30, sum: 30, count: 1, last: 30 } });
    expect(bucketOf(3_599_999, TIERS.hour)).toBe(0);
    expect(bucketOf(3_600_000, TIERS.hour)).toBe(3_600_000);
  });
});
