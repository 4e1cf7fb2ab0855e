import type { z } from 'zod';

/** Turns zod issues into one-line, path-first messages, for config files and request payloads alike. */

type RawIssue = z.core.$ZodRawIssue;

/**
 * Words for each kind of schema issue, phrased for a person editing a JSON file.
 * Passed to `safeParse` as its error map; `undefined` keeps zod's own message.
 */
export function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required (${issue.expected})` : `must be ${article(issue.expected)}, got ${typeName(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must have at least ${issue.minimum} ${issue.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `must be ${issue.inclusive === false ? '>' : '≥'} ${issue.minimum}, got ${String(issue.input)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must have at most ${issue.maximum} ${issue.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `must be ${issue.inclusive === false ? '<' : '≤'} ${issue.maximum}, got ${String(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown key(s) ${listed(issue.keys)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${JSON.stringify(issue.input)}`;
    case 'invalid_union':
      // A discriminated union whose tag matched no option: name the tags it takes.
      if ('options' in issue && Array.isArray(issue.options)) {
        return `must be one of ${issue.options.map((option) => JSON.stringify(option)).join(', ')}, got ${JSON.stringify(tagOf(issue.input, issue))}`;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** `['feeds', 2, 'intervalMs']` → `feeds[2].intervalMs`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per issue: `path: message`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function tagOf(input: unknown, issue: object): unknown {
  const key = 'discriminator' in issue ? issue.discriminator : undefined;
  return typeof key === 'string' && typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : input;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `string ${JSON.stringify(cut(value))}` : `${typeof value} ${cut(String(value))}`;
}

/** Input echoed in a message is cut short: a hostile payload must not make a megabyte answer. */
const MAX_ECHO = 64;
const MAX_LISTED = 10;

function cut(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

/** Names, quoted and cut short, the first ten of them. */
export function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).map((name) => JSON.stringify(cut(name))).join(', ');
  return names.length > MAX_LISTED ? `${shown} and ${names.length - MAX_LISTED} more` : shown;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
