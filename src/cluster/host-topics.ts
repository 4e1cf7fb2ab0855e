import type { Config } from '../config/schema';
import { isPerHost } from '../feeds/registry';
import { titleFromTopic } from '../feeds/topic-title';
import { isTopicGlob, topicMatcher } from '../protocol';

/** Where every node's per-host topics live: `hosts.<nodeId>.<metric>`. */
export const HOSTS_PREFIX = 'hosts';

/** A per-host topic's name on one node: its first word becomes `hosts.<nodeId>` (`system.cpu` → `hosts.web-1.cpu`). */
export function hostTopic(topic: string, nodeId: string): string {
  const dot = topic.indexOf('.');
  return `${HOSTS_PREFIX}.${nodeId}.${dot === -1 ? topic : topic.slice(dot + 1)}`;
}

/**
 * The config as one cluster node runs it: feeds that read this machine (system stats) publish
 * under this node's own topics, so every node's are visible side by side, and what named them
 * (panels, viewer tokens) names this node's. A wall showing the default dashboard through a node
 * shows that node's machine, and its panel titles say which. A glob that matched per-host
 * topics (`system.*` matched `system.cpu`) names their renamed topics too (`hosts.<nodeId>.cpu`),
 * and still matches what else it did.
 */
export function perHostView(config: Config, nodeId: string): Config {
  const renamed = new Map<string, string>();
  const feeds = config.feeds.map((feed) => {
    if (!isPerHost(feed)) return feed;
    const topic = hostTopic(feed.topic, nodeId);
    renamed.set(feed.topic, topic);
    return { ...feed, topic, title: `${feed.title ?? titleFromTopic(feed.topic)} · ${nodeId}` };
  });
  if (renamed.size === 0) return config;
  const rename = (topic: string): string => renamed.get(topic) ?? topic;
  // A glob keeps what else it matched and names the host topics it matched before their renaming.
  const renameAll = (entries: readonly string[]): string[] => [
    ...new Set(
      entries.flatMap((entry) => {
        if (!isTopicGlob(entry)) return [rename(entry)];
        const matches = topicMatcher([entry]);
        return [entry, ...[...renamed].filter(([from]) => matches(from)).map(([, to]) => to)];
      }),
    ),
  ];
  return {
    ...config,
    feeds,
    dashboards: config.dashboards.map((dashboard) => ({
      ...dashboard,
      // A `text` panel names no topic; `table` and `status` may name several, and globs.
      panels: dashboard.panels.map((panel) => ({
        ...panel,
        ...(panel.topic === undefined ? {} : { topic: rename(panel.topic) }),
        ...(panel.topics === undefined ? {} : { topics: renameAll(panel.topics) }),
      })),
    })),
    server: {
      ...config.server,
      viewerTokens: config.server.viewerTokens.map((token) => (token.topics ? { ...token, topics: renameAll(token.topics) } : token)),
    },
  };
}
