import { readFile } from 'node:fs/promises';
import { ERROR_CODES, LivewallError } from '../errors';
import { describeIssue, formatIssues } from '../validation/issues';
import { configSchema, type Config } from './schema';

/** A config that failed validation; `problems` lists every issue as `path: message`. */
export class ConfigError extends LivewallError {
  readonly problems: readonly string[];

  constructor(code: (typeof ERROR_CODES)[keyof typeof ERROR_CODES], source: string, problems: string[], options?: ErrorOptions) {
    super(code, `${source}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates an already-parsed config object and returns it frozen, defaults applied.
 * @throws ConfigError listing every problem, not only the first.
 */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw, { error: describeIssue });
  if (!result.success) {
    throw new ConfigError(ERROR_CODES.CONFIG_INVALID, source, formatIssues(result.error.issues));
  }
  return deepFreeze(result.data);
}

/**
 * Reads, parses and validates a JSON config file.
 * @throws ConfigError when the file is unreadable, not JSON, or invalid.
 */
export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(ERROR_CODES.CONFIG_UNREADABLE, file, [(err as Error).message], { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(ERROR_CODES.CONFIG_NOT_JSON, file, [`not valid JSON: ${describeJsonError(text, err as Error)}`], { cause: err });
  }
  return parseConfig(raw, file);
}

/** Node reports a character offset; people look for a line and column. */
function describeJsonError(text: string, err: Error): string {
  const position = /at position (\d+)/.exec(err.message)?.[1];
  if (position === undefined) return err.message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${err.message.replace(/ in JSON at position \d+.*/, '')} at line ${line}, column ${column}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
