import { readFile } from 'node:fs/promises';
import { ERROR_CODES, LivewallError, type ErrorCode } from '../errors';
import { describeIssue, formatIssues, formatPath } from '../validation/issues';
import { hideSecrets, substituteEnv } from './env-substitution';
import { describeJsonSyntaxError } from './json-syntax-error';
import { checkReferences } from './references';
import { configSchema, type Config } from './schema';

/** A config that failed validation; `problems` lists every issue as `path: message`. */
export class ConfigError extends LivewallError {
  readonly problems: readonly string[];

  constructor(code: ErrorCode, source: string, problems: string[], options?: ErrorOptions) {
    super(code, `${source}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface ParseOptions {
  /** Named in messages; the file's path when there is one. */
  source?: string;
  /** Where `${VAR}` is looked up; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Validates an already-parsed config object and returns it frozen, defaults applied and
 * `${VAR}`s replaced from the environment.
 * @throws ConfigError listing every problem, not only the first; values taken from the environment are hidden in it.
 */
export function parseConfig(raw: unknown, options: ParseOptions = {}): Config {
  const source = options.source ?? 'config';
  const { value, problems: envProblems, secrets } = substituteEnv(raw, options.env ?? process.env);
  const result = configSchema.safeParse(value, { error: describeIssue });
  // A value whose variable is not set is reported once, as that; what the schema says of the raw `${VAR}` is noise.
  const unset = new Set(envProblems.map((problem) => formatPath(problem.path)));
  const problems = [
    ...envProblems.map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
    ...(result.success ? [] : formatIssues(result.error.issues.filter((issue) => !unset.has(formatPath(issue.path))))),
    ...checkReferences(value).map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
  ];
  if (!result.success || problems.length > 0) {
    throw new ConfigError(ERROR_CODES.CONFIG_INVALID, source, problems.map((problem) => hideSecrets(problem, secrets)));
  }
  return deepFreeze(result.data);
}

/**
 * Reads, parses and validates a JSON config file. A UTF-8 byte-order mark (Notepad writes one) is skipped.
 * @throws ConfigError when the file is unreadable, not JSON, or invalid.
 */
export async function loadConfig(file: string, env?: ParseOptions['env']): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(ERROR_CODES.CONFIG_UNREADABLE, file, [(err as Error).message], { cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // No `cause`: V8's message quotes the file around the mistake, and the file may hold a token.
    throw new ConfigError(ERROR_CODES.CONFIG_NOT_JSON, file, [`not valid JSON: ${describeJsonSyntaxError(text, err as Error)}`]);
  }
  return parseConfig(raw, { source: file, ...(env ? { env } : {}) });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
