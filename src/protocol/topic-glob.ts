import { MAX_TOPIC_LENGTH } from './limits.js';

/*
 * Topic globs, as panels (`"topics": ["greenhouse.*"]`) and `subscribe`'s `patterns` name them.
 * `*` stands for any characters within one dot-separated word, `**` for any characters across
 * words: `greenhouse.*` matches `greenhouse.east` but not `greenhouse.east.roof`, which
 * `greenhouse.**` matches. Pure and free of zod: the browser matches topics that join with it.
 */

/** What a glob may hold: topic characters, `.` between words, and `*`. */
const GLOB_CHARS = /^[A-Za-z0-9_.*-]+$/;

/** Whether a string is a glob (holds a `*`) rather than a plain topic name. */
export function isTopicGlob(text: string): boolean {
  return text.includes('*');
}

/**
 * What is wrong with a glob, or undefined when nothing is: topic characters and `*` only,
 * no empty word (`a..b`, a leading or trailing dot), at most two `*` in a row.
 */
export function topicGlobProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'must not be empty';
  if (glob.length > MAX_TOPIC_LENGTH) return `must have at most ${MAX_TOPIC_LENGTH} characters`;
  if (!GLOB_CHARS.test(glob)) return 'must be dot-separated words of letters, digits, "_", "-" and "*"';
  if (glob.split('.').some((word) => word.length === 0)) return 'must not have an empty word (two dots in a row, or a dot at either end)';
  if (glob.includes('***')) return '"*" matches within a word and "**" across words; "***" means nothing more';
  return undefined;
}

/** A glob as a regular expression over whole topic names. Assumes a glob without problems. */
export function topicGlobRegExp(glob: string): RegExp {
  const source = tokensOf(glob)
    .map((token) => (token === STAR ? '[^.]*' : token === GLOBSTAR ? '.*' : token.replace(/[.\\-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * A matcher for a list of names and globs: a name matches itself, a glob what it stands for.
 * @example topicMatcher(['greenhouse.*', 'stocks.ACME'])('greenhouse.east') // true
 */
export function topicMatcher(entries: readonly string[]): (topic: string) => boolean {
  const names = new Set(entries.filter((entry) => !isTopicGlob(entry)));
  const globs = entries.filter(isTopicGlob).map(topicGlobRegExp);
  return (topic) => names.has(topic) || globs.some((glob) => glob.test(topic));
}

const STAR = Symbol('*');
const GLOBSTAR = Symbol('**');
type Token = string | typeof STAR | typeof GLOBSTAR;

function tokensOf(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i += 1) {
    if (glob[i] !== '*') tokens.push(glob[i] as string);
    else if (glob[i + 1] === '*') {
      tokens.push(GLOBSTAR);
      i += 1;
    } else tokens.push(STAR);
  }
  return tokens;
}

/**
 * Whether some topic name matches both globs (a plain name is a glob without `*`). The config
 * check asks it of a panel's glob and a feed's run-time topic template (`greenhouse.{1}` as
 * `greenhouse.*`), to tell a glob that may match a device yet to speak from one that never can.
 */
export function topicGlobsOverlap(a: string, b: string): boolean {
  const x = tokensOf(a);
  const y = tokensOf(b);
  const memo = new Map<number, boolean>();
  const wild = (token: Token | undefined): boolean => token === STAR || token === GLOBSTAR;
  // Whether wildcard `star` can stand for the literal character `char`.
  const eats = (star: Token, char: Token | undefined): boolean => typeof char === 'string' && (star === GLOBSTAR || char !== '.');
  const overlap = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const s = x[i];
    const t = y[j];
    let result: boolean;
    if (s === undefined && t === undefined) result = true;
    else if (wild(s) || wild(t)) {
      // A wildcard may stand for nothing, or take one character the other side spells out.
      result =
        (wild(s) && overlap(i + 1, j)) ||
        (wild(t) && overlap(i, j + 1)) ||
        (wild(s) && eats(s as Token, t) && overlap(i, j + 1)) ||
        (wild(t) && eats(t as Token, s) && overlap(i + 1, j));
    } else result = s !== undefined && s === t && overlap(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return overlap(0, 0);
}
