import type { Logger } from 'pino';
import type { Feed, Poller } from './feed';
import { startPollLoop, type PollLoop } from './poll-loop';

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** Runs a poller on its own poll loop: the feed of every polled kind. */
export function createPolledFeed(poller: Poller, options: PollOptions, log: Logger): Feed {
  let loop: PollLoop | undefined;
  let stopped = false;
  return {
    topics: [poller.meta],
    start(sink) {
      if (loop || stopped) return;
      const topic = poller.meta.topic;
      loop = startPollLoop({
        poller,
        intervalMs: options.intervalMs,
        timeoutMs: options.timeoutMs,
        onReading: (values, ts) => sink.publish(topic, values, ts),
        onFailure: (err, failures) => {
          // The first failure and then every tenth, so a feed that is down for hours does not flood the log.
          if (failures === 1 || failures % 10 === 0) log.warn({ err, feed: topic, failures }, 'feed poll failed');
          sink.fail(topic, err, failures);
        },
        onPolled: (durationMs) => sink.polled(topic, durationMs),
        log,
      });
    },
    stop() {
      stopped = true;
      loop?.stop();
      loop = undefined;
    },
  };
}
