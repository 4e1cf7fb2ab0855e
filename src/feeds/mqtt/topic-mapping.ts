import { MAX_TOPIC_LENGTH, TOPIC_PATTERN } from '../../protocol';

/*
 * How the MQTT topics a filter matches become Livewall topic names. Pure: the schema checks
 * configs with it, the feed maps every message with it, and `publishes` answers the config
 * check with it.
 */

/** The longest MQTT topic filter a feed takes. */
export const MAX_FILTER_LENGTH = 256;

/** A Livewall topic word: what one MQTT level must be to become part of a topic name. */
const WORD = '[A-Za-z0-9_-]+';
const WORD_PATTERN = new RegExp(`^${WORD}$`);
const PLACEHOLDER = /\{(\d+)\}/g;

/** A wildcard of a filter, in order: `+` stands for one level, `#` for all that remain. */
export type Wildcard = '+' | '#';

/** What mapping one MQTT topic gave: a Livewall topic, or why there is none. */
export type MappedTopic = { ok: true; topic: string } | { ok: false; reason: string };

/** A filter and a topic template, checked and ready to map with. */
export interface TopicMapping {
  /** False when the template has no placeholder: every message goes to that one topic. */
  readonly hasPlaceholders: boolean;
  /** The Livewall topic an MQTT topic maps to. */
  map(mqttTopic: string): MappedTopic;
  /** Whether the template can produce this Livewall topic name. */
  publishes(topic: string): boolean;
}

/**
 * What is wrong with an MQTT topic filter, or undefined when nothing is: `+` and `#` only as
 * whole levels, `#` only last.
 */
export function filterProblem(filter: string): string | undefined {
  if (filter.length === 0) return 'must not be empty';
  if (filter.length > MAX_FILTER_LENGTH) return `must have at most ${MAX_FILTER_LENGTH} characters`;
  if (filter.includes('\u0000')) return 'must not contain a NUL character';
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level === '#' && i !== levels.length - 1) return '"#" must be the last level, as in "sensors/#"';
    if (level !== '+' && level !== '#' && /[+#]/.test(level)) {
      return `level "${level}": "+" and "#" must be whole levels, as in "greenhouse/+/climate"`;
    }
  }
  return undefined;
}

/** The wildcards of a valid filter, in order; `{1}` in a template is the first. */
export function wildcardsOf(filter: string): Wildcard[] {
  return filter.split('/').filter((level): level is Wildcard => level === '+' || level === '#');
}

/** The wildcard numbers a template refers to, in order of appearance (repeats included). */
export function placeholdersOf(template: string): number[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => Number(match[1]));
}

/** Whether a template is a topic name once every placeholder is replaced by a word. */
export function isTopicTemplate(template: string): boolean {
  return TOPIC_PATTERN.test(template.replace(PLACEHOLDER, 'x'));
}

/**
 * What is wrong between a filter and a template, or undefined: every `{n}` must name one of
 * the filter's wildcards, counted from 1.
 */
export function templateProblem(filter: string, template: string): string | undefined {
  const wildcards = wildcardsOf(filter);
  const wrong = placeholdersOf(template).filter((n) => n < 1 || n > wildcards.length);
  if (wrong.length === 0) return undefined;
  const have =
    wildcards.length === 0
      ? `"${filter}" has no wildcard, so the topic takes no placeholder`
      : `"${filter}" has ${wildcards.length} wildcard(s) ("+" and "#", in order), so use {1}${wildcards.length > 1 ? ` to {${wildcards.length}}` : ''}`;
  return `${[...new Set(wrong)].map((n) => `{${n}}`).join(', ')} refers to no wildcard of "subscribe": ${have}`;
}

/**
 * Every topic name a template can produce, as a topic glob: `{n}` of a `+` is `*` (one word),
 * of a `#` is `**` (words across dots).
 * @example templateGlob('greenhouse/+/climate', 'greenhouse.{1}') // 'greenhouse.*'
 */
export function templateGlob(filter: string, template: string): string {
  const wildcards = wildcardsOf(filter);
  return template.replace(PLACEHOLDER, (_, n: string) => (wildcards[Number(n) - 1] === '#' ? '**' : '*'));
}

/**
 * Builds the mapping of a filter and template the schema accepted.
 * `+` gives one level, `#` every remaining level joined by `.`; `{n}` takes wildcard n.
 * @example createTopicMapping('greenhouse/+/climate', 'greenhouse.{1}').map('greenhouse/east/climate') // { ok: true, topic: 'greenhouse.east' }
 * @example createTopicMapping('plant/#', 'plant.{1}').map('plant/line1/press4') // { ok: true, topic: 'plant.line1.press4' }
 */
export function createTopicMapping(filter: string, template: string): TopicMapping {
  const filterLevels = filter.split('/');
  const wildcards = wildcardsOf(filter);
  const used = new Set(placeholdersOf(template));
  const matcher = templateMatcher(template, wildcards);

  return {
    hasPlaceholders: used.size > 0,
    map(mqttTopic) {
      const captures = capture(filterLevels, mqttTopic.split('/'));
      if (!captures) return { ok: false, reason: `"${filter}" does not match it` };
      const words = new Map<number, string>();
      for (const n of used) {
        const levels = captures[n - 1] ?? [];
        if (levels.length === 0) return { ok: false, reason: `wildcard {${n}} matched no level` };
        const bad = levels.find((level) => !WORD_PATTERN.test(level));
        if (bad !== undefined) return { ok: false, reason: `level ${JSON.stringify(bad)} is not a topic word (letters, digits, "_" and "-")` };
        words.set(n, levels.join('.'));
      }
      const topic = template.replace(PLACEHOLDER, (_, n: string) => words.get(Number(n)) ?? '');
      if (topic.length > MAX_TOPIC_LENGTH) return { ok: false, reason: `it maps to a topic longer than ${MAX_TOPIC_LENGTH} characters` };
      return { ok: true, topic };
    },
    publishes(topic) {
      return topic.length <= MAX_TOPIC_LENGTH && TOPIC_PATTERN.test(topic) && matcher.test(topic);
    },
  };
}

/** The levels each wildcard of the filter matched, or undefined when the topic does not match the filter. */
function capture(filterLevels: readonly string[], levels: readonly string[]): string[][] | undefined {
  const captures: string[][] = [];
  for (const [i, want] of filterLevels.entries()) {
    // "a/#" also matches "a" itself (MQTT 3.1.1, 4.7.1.2): then "#" matched no level.
    if (want === '#') return [...captures, levels.slice(i)];
    const level = levels[i];
    if (level === undefined) return undefined;
    if (want === '+') captures.push([level]);
    else if (want !== level) return undefined;
  }
  return levels.length === filterLevels.length ? captures : undefined;
}

/** A regular expression for the names a template produces; a repeated `{n}` must repeat the same words. */
function templateMatcher(template: string, wildcards: readonly Wildcard[]): RegExp {
  const seen = new Set<number>();
  let source = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const n = Number(match[1]);
    source += escape(template.slice(last, match.index));
    if (seen.has(n)) {
      source += `\\k<w${n}>`;
    } else {
      seen.add(n);
      source += `(?<w${n}>${wildcards[n - 1] === '#' ? `${WORD}(?:\\.${WORD})*` : WORD})`;
    }
    last = match.index + match[0].length;
  }
  source += escape(template.slice(last));
  return new RegExp(`^${source}$`);
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
