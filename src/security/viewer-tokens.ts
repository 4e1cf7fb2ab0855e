import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config, ViewerTokenConfig } from '../config/schema';
import { isTopicGlob, panelTopicEntries, topicMatcher } from '../protocol';

/**
 * What a viewer may see: every topic and dashboard, or these. `matches` also takes the topics
 * its dashboards' globs match (a device that speaks later joins a `status` panel it may show).
 */
export type ViewerScope =
  | { all: true }
  | { all: false; name: string; dashboards: ReadonlySet<string>; topics: ReadonlySet<string>; matches: (topic: string) => boolean };

export const EVERYTHING: ViewerScope = { all: true };

/**
 * The scope of the viewer token presented, or undefined when tokens are configured and this
 * one is not among them. With no tokens configured, every viewer sees everything. Every
 * configured token is compared, in constant time, whatever matches first.
 */
export function scopeOfToken(config: Config, presented: string | undefined): ViewerScope | undefined {
  const tokens = config.server.viewerTokens;
  if (tokens.length === 0) return EVERYTHING;
  if (presented === undefined) return undefined;
  const digest = sha256(presented);
  let match: ViewerTokenConfig | undefined;
  for (const token of tokens) if (timingSafeEqual(digest, sha256(token.token)) && !match) match = token;
  if (!match) return undefined;
  if (!match.dashboards && !match.topics) return EVERYTHING;
  const dashboards = new Set(match.dashboards ?? []);
  const topics = new Set(match.topics ?? []);
  const globs: string[] = [];
  for (const dashboard of config.dashboards) {
    if (!dashboards.has(dashboard.id)) continue;
    for (const entry of dashboard.panels.flatMap(panelTopicEntries)) {
      if (isTopicGlob(entry)) globs.push(entry);
      else topics.add(entry);
    }
  }
  // A token scoped to topics alone may show the dashboards made only of them (a glob is not "only them").
  if (!match.dashboards) {
    for (const dashboard of config.dashboards) {
      if (dashboard.panels.flatMap(panelTopicEntries).every((entry) => topics.has(entry))) dashboards.add(dashboard.id);
    }
  }
  const byGlob = topicMatcher(globs);
  return { all: false, name: match.name ?? 'a viewer token', dashboards, topics, matches: (topic) => topics.has(topic) || byGlob(topic) };
}

export function mayShowTopic(scope: ViewerScope, topic: string): boolean {
  return scope.all || scope.matches(topic);
}

export function mayShowDashboard(scope: ViewerScope, id: string): boolean {
  return scope.all || scope.dashboards.has(id);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
