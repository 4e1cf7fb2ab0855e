import type { Logger } from 'pino';
import type { Config } from '../config/schema';
import type { Hub } from '../hub/hub';
import { createFeed, type FeedDependencies } from './create-feed';
import { startPollLoop, type PollLoop } from './poll-loop';

export interface FeedRunner {
  /** Starts one poll loop per feed. */
  start(): void;
  /** Stops every loop. Safe to call twice, and before `start`. */
  stop(): void;
}

/**
 * Registers every configured feed's topic in the hub and, once started, polls
 * each on its own loop: one feed's failures never touch another's.
 */
export function createFeedRunner(config: Config, hub: Hub, deps: FeedDependencies, log: Logger): FeedRunner {
  const feeds = config.feeds.map((feedConfig) => {
    const feed = createFeed(feedConfig, deps);
    hub.addTopic(feed.meta, { ...config.server.history, ...feedConfig.history });
    return { feed, feedConfig };
  });
  let loops: PollLoop[] = [];

  return {
    start() {
      if (loops.length > 0) return;
      loops = feeds.map(({ feed, feedConfig }) =>
        startPollLoop({
          feed,
          intervalMs: feedConfig.intervalMs,
          timeoutMs: feedConfig.timeoutMs,
          onReading: (values, ts) => hub.publish(feed.meta.topic, values, ts),
          onFailure: (err, failures) => {
            // Log the first failure and then every tenth, so a feed that is down for hours does not flood the log.
            if (failures === 1 || failures % 10 === 0) log.warn({ err, feed: feed.meta.topic, failures }, 'feed poll failed');
            hub.markFailure(feed.meta.topic, err.message, failures);
          },
          log,
        }),
      );
    },
    stop() {
      for (const loop of loops) loop.stop();
      loops = [];
    },
  };
}
