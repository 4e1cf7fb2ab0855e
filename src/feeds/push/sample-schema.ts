import { z } from 'zod';
import { MAX_PUSH_SAMPLES } from '../../protocol';
import { listed } from '../../validation/issues';

/**
 * The schema of a push to one topic, built from its declared fields, so a single pass finds
 * every problem of a batch at once: a value that is not a number, a field the topic does not
 * have, a bad `ts`, too few or too many samples.
 */
export function pushBatchSchema(topic: string, fields: readonly string[]) {
  const has = `it has ${fields.map((name) => `"${name}"`).join(', ')}`;
  const values = z
    .strictObject(Object.fromEntries(fields.map((name) => [name, z.number().nullable().optional()])), {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `"${topic}" has no field ${listed(issue.keys)}; ${has}`
          : undefined,
    })
    .refine((given) => Object.keys(given).length > 0, `must hold at least one field; ${has}`);
  return z.array(z.strictObject({ values, ts: z.number().int().nonnegative().optional() })).min(1).max(MAX_PUSH_SAMPLES);
}
