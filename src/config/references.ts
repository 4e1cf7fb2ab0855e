import { feedSchema } from './schema';
import { fieldsOf, publishesTopic, type FeedConfig } from '../feeds/registry';

/** A problem the schema cannot see, with the JSON path it is at. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what one field cannot: unique topics and dashboard ids, panels that name a topic
 * some feed publishes, fields that topic has, and viewer tokens that name real dashboards. It runs on the raw input even when the
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
      const topic = stringAt(panel, 'topic');
      if (topic === undefined) return;
      const feed = feeds.find((candidate) => publishesTopic(candidate, topic));
      if (!feed) {
        if (!topics.has(topic)) problems.push({ path: ['dashboards', d, 'panels', p, 'topic'], message: `unknown topic "${topic}": no feed publishes it` });
        return;
      }
      const known = fieldsOf(feed).map((field) => field.name);
      arrayAt(panel, 'fields').forEach((field, f) => {
        if (typeof field === 'string' && !known.includes(field)) {
          problems.push({
            path: ['dashboards', d, 'panels', p, 'fields', f],
            message: `"${topic}" has no field "${field}"; it has ${known.map((k) => `"${k}"`).join(', ')}`,
          });
        }
      });
    });
  });
  arrayAt(objectAt(raw, 'server'), 'viewerTokens').forEach((token, t) => {
    arrayAt(token, 'dashboards').forEach((id, d) => {
      if (typeof id === 'string' && !ids.has(id)) problems.push({ path: ['server', 'viewerTokens', t, 'dashboards', d], message: `unknown dashboard "${id}"` });
    });
  });
  return problems;
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
