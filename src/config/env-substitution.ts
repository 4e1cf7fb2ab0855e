import type { ReferenceProblem } from './references';

const MIN_SECRET_LENGTH = 4;
const VARIABLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Substituted {
  value: unknown;
  /** Variables that are not set, at the path of the string that names them. */
  problems: ReferenceProblem[];
  /** The values put in, so messages about the config can hide them (they are often tokens). */
  secrets: Set<string>;
}

/**
 * Replaces `${VAR}` in every string of a parsed config with the environment's value, so
 * tokens and keys stay out of the file. `$${` stands for a literal `${`. A variable that is
 * not set is a problem, never an empty string.
 * @example substituteEnv({ token: '${BUILD_TOKEN}' }, { BUILD_TOKEN: 's3cret' }).value // { token: 's3cret' }
 */
export function substituteEnv(raw: unknown, env: Readonly<Record<string, string | undefined>>): Substituted {
  const problems: ReferenceProblem[] = [];
  const secrets = new Set<string>();
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      return value.replace(VARIABLE, (match, name: string | undefined) => {
        if (name === undefined) return '${';
        const replacement = env[name];
        if (replacement === undefined) {
          problems.push({ path, message: `environment variable ${name} is not set (named as \${${name}})` });
          return match;
        }
        // Too short to be a secret, and hiding it would garble messages.
        if (replacement.length >= MIN_SECRET_LENGTH) secrets.add(replacement);
        return replacement;
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      // defineProperty: a `__proto__` key from JSON.parse stays a key (for the schema to refuse), not a prototype.
      for (const [key, child] of Object.entries(value)) {
        Object.defineProperty(out, key, { value: walk(child, [...path, key]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  };
  return { value: walk(raw, []), problems, secrets };
}

/** Hides every substituted value in a message about the config. */
export function hideSecrets(message: string, secrets: ReadonlySet<string>): string {
  let out = message;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}
