import { feedSchema } from './schema';
import { isTopicGlob, TITLE_SORT_KEY, TOPIC_PATTERN, topicGlobProblem, topicGlobsOverlap } from '../protocol';
import { fieldsOf, publishesTopic, topicGlobOf, type FeedConfig } from '../feeds/registry';

/** A problem the schema cannot see, with the JSON path it is at. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what one field cannot: unique topics and dashboard ids, panels that name a topic
 * some feed publishes (or globs some feed's topics may match, now or at run time), fields
 * those topics have, and viewer tokens that name real dashboards. It runs on the raw input even when the
 * schema refused parts of it, so every problem is listed at once; a feed the schema refused
 * still counts as publishing its topic, so one typo is not reported twice.
 */
export function checkReferences(raw: unknown): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const rawFeeds = arrayAt(raw, 'feeds');
  const topics = new Set<string>();
  const feeds: FeedConfig[] = [];
  rawFeeds.forEach((rawFeed, i) => {
    const topic = stringAt(rawFeed, 'topic');
    if (topic !== undefined && topics.has(topic)) problems.push({ path: ['feeds', i, 'topic'], message: `duplicate topic "${topic}"` });
    if (topic !== undefined) topics.add(topic);
    const parsed = feedSchema.safeParse(rawFeed);
    if (parsed.success) feeds.push(parsed.data);
  });

  const ids = new Set<string>();
  arrayAt(raw, 'dashboards').forEach((dashboard, d) => {
    const id = stringAt(dashboard, 'id');
    if (id !== undefined && ids.has(id)) problems.push({ path: ['dashboards', d, 'id'], message: `duplicate dashboard id "${id}"` });
    if (id !== undefined) ids.add(id);
    arrayAt(dashboard, 'panels').forEach((panel, p) => {
      const at = (...path: (string | number)[]): (string | number)[] => ['dashboards', d, 'panels', p, ...path];
      const topic = stringAt(panel, 'topic');
      // Every feed that publishes (or, for a glob, may publish) what the panel names.
      const sources: FeedConfig[] = [];
      let unresolved = false;
      if (topic !== undefined) {
        const feed = feeds.find((candidate) => publishesTopic(candidate, topic));
        if (feed) sources.push(feed);
        else {
          unresolved = true;
          if (!topics.has(topic)) problems.push({ path: at('topic'), message: `unknown topic "${topic}": no feed publishes it` });
        }
      }
      arrayAt(panel, 'topics').forEach((entry, e) => {
        if (typeof entry !== 'string') return;
        if (!isTopicGlob(entry)) {
          // The schema said what is wrong with a malformed name.
          if (!TOPIC_PATTERN.test(entry)) return;
          const feed = feeds.find((candidate) => publishesTopic(candidate, entry));
          if (feed) sources.push(feed);
          else {
            unresolved = true;
            if (!topics.has(entry)) problems.push({ path: at('topics', e), message: `unknown topic "${entry}": no feed publishes it` });
          }
          return;
        }
        if (topicGlobProblem(entry) !== undefined) return;
        const matching = feeds.filter((candidate) => topicGlobsOverlap(entry, topicGlobOf(candidate)));
        sources.push(...matching);
        // A feed the schema refused counts by its raw topic, so one typo is not reported twice.
        const rawMatch = [...topics].some((name) => topicGlobsOverlap(entry, name.replace(/\{\d+\}/g, '**')));
        if (matching.length === 0) unresolved = true;
        if (matching.length === 0 && !rawMatch) {
          problems.push({ path: at('topics', e), message: `"${entry}" matches no topic: no feed publishes one, and none can at run time (feeds publish ${describeTopics(feeds)})` });
        }
      });
      if (sources.length === 0 || unresolved) return;
      const known = [...new Set(sources.flatMap((feed) => fieldsOf(feed).map((field) => field.name)))];
      const name = topic ?? 'its topics';
      const quoted = known.map((k) => `"${k}"`).join(', ');
      arrayAt(panel, 'fields').forEach((field, f) => {
        if (typeof field === 'string' && !known.includes(field)) {
          problems.push({ path: at('fields', f), message: `${topic === undefined ? name : `"${name}"`} ${topic === undefined ? 'have' : 'has'} no field "${field}"; ${topic === undefined ? 'they have' : 'it has'} ${quoted}` });
        }
      });
      const sortBy = stringAt(panel, 'sortBy');
      if (sortBy !== undefined && sortBy !== TITLE_SORT_KEY && !known.includes(sortBy)) {
        problems.push({ path: at('sortBy'), message: `cannot sort by "${sortBy}": it is "${TITLE_SORT_KEY}" or a field, ${quoted}` });
      }
    });
  });
  arrayAt(objectAt(raw, 'server'), 'viewerTokens').forEach((token, t) => {
    arrayAt(token, 'dashboards').forEach((id, d) => {
      if (typeof id === 'string' && !ids.has(id)) problems.push({ path: ['server', 'viewerTokens', t, 'dashboards', d], message: `unknown dashboard "${id}"` });
    });
  });
  return problems;
}

/** The topics (and run-time topic globs) the feeds publish, for a message; the first few. */
function describeTopics(feeds: readonly FeedConfig[]): string {
  const globs = feeds.map(topicGlobOf);
  const shown = globs.slice(0, 8).map((glob) => `"${glob}"`).join(', ');
  return globs.length > 8 ? `${shown} and ${globs.length - 8} more` : shown;
}

function objectAt(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function arrayAt(value: unknown, key: string): unknown[] {
  const child = objectAt(value, key);
  return Array.isArray(child) ? child : [];
}

function stringAt(value: unknown, key: string): string | undefined {
  const child = objectAt(value, key);
  return typeof child === 'string' ? child : undefined;
}
