import { JSONPath } from 'jsonpath-plus';
import { z } from 'zod';
import { ERROR_CODES, LivewallError } from '../errors';
import type { SampleValues } from '../protocol';

/** A JSONPath expression, such as `$.current.temperature`, as the HTTP and MQTT kinds take it. */
export const jsonPathSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^\$/, 'must be a JSONPath expression starting with "$", such as "$.current.temperature"');

/** A field read out of a JSON document; without a path, the document must itself be the number. */
export interface JsonField {
  name: string;
  path?: string | undefined;
}

// A number sent as a string, as many APIs send prices: "43000.12", "-1e-3". Nothing looser.
const NUMERIC_STRING = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Reads every field out of a parsed JSON document by its JSONPath (evaluated by jsonpath-plus).
 * A value is a finite number, a string holding just a number, a boolean (1 or 0), or null (no
 * reading). Anything else, or a path that matches nothing, fails the whole reading, so nothing
 * half-read is published.
 * @throws LivewallError `FEED_BAD_READING`, naming the field, its path and what was found
 * @example readJsonFields({ current: { t: 21.5 } }, [{ name: 'temp', path: '$.current.t' }]) // { temp: 21.5 }
 */
export function readJsonFields(document: unknown, fields: readonly JsonField[]): SampleValues {
  const values: SampleValues = {};
  for (const field of fields) {
    const where = field.path === undefined ? 'the payload' : field.path;
    let found: unknown;
    if (field.path === undefined) {
      found = document;
    } else {
      const matches = JSONPath({ path: field.path, json: document as object, wrap: true, eval: 'safe' }) as unknown[];
      if (matches.length === 0) throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `field "${field.name}": ${where} matched nothing`);
      found = matches[0];
    }
    values[field.name] = toReading(found, field.name, where);
  }
  return values;
}

function toReading(found: unknown, name: string, where: string): number | null {
  if (found === null) return null;
  if (typeof found === 'number' && Number.isFinite(found)) return found;
  if (typeof found === 'boolean') return found ? 1 : 0;
  if (typeof found === 'string' && NUMERIC_STRING.test(found)) return Number(found);
  throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `field "${name}": ${where} is ${describe(found)}, not a number`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `${typeof value} ${String(value)}`;
}
