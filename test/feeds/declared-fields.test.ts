import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declaredFieldMeta, declaredFieldShape, declaredFieldsSchema, sharedUnit } from '../../src/feeds/declared-fields';
import { pushFeedSchema } from '../../src/feeds/push/schema';

describe('declared fields', () => {
  const schema = declaredFieldsSchema(z.strictObject(declaredFieldShape), 3);

  it('takes 1 to max fields with unique names, and refuses a repeated name where it repeats', () => {
    expect(schema.safeParse([{ name: 'a' }, { name: 'b' }]).success).toBe(true);
    const repeated = schema.safeParse([{ name: 'a' }, { name: 'b' }, { name: 'a' }]);
    expect(repeated.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[[2, 'name'], 'duplicate field "a"; field names must be unique']]);
    expect(schema.safeParse([]).success).toBe(false);
    expect(schema.safeParse([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]).success).toBe(false);
  });

  it('is what every kind that declares fields uses, push included', () => {
    const parsed = pushFeedSchema.safeParse({ kind: 'push', topic: 'a.b', token: 'x'.repeat(16), fields: [{ name: 'depth' }, { name: 'depth' }] });
    expect(parsed.error?.issues[0]?.message).toBe('duplicate field "depth"; field names must be unique');
  });

  it('labels fields by their title-cased name unless they say otherwise, and finds a unit they all share', () => {
    expect(declaredFieldMeta([{ name: 'depth', unit: 'jobs' }, { name: 'agents', label: 'Busy agents' }])).toEqual([
      { name: 'depth', label: 'Depth', unit: 'jobs' },
      { name: 'agents', label: 'Busy agents' },
    ]);
    expect(sharedUnit([{ name: 'a', unit: '°C' }, { name: 'b', unit: '°C' }])).toBe('°C');
    expect(sharedUnit([{ name: 'a', unit: '°C' }, { name: 'b', unit: '%' }])).toBeUndefined();
    expect(sharedUnit([{ name: 'a' }])).toBeUndefined();
  });
});
