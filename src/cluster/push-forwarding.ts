import type { Logger } from 'pino';
import type { FeedRunner, PushRouter } from '../feeds/feed-runner';
import { ERROR_CODES, type PublishAck } from '../protocol';
import type { LivewallServer } from '../socket/types';
import { EVENTS_BETWEEN_NODES, forwardedPushSchema } from './inter-node';

/** How long a push forwarded to the feed's node may take before the pusher is told to try again. */
const FORWARD_TIMEOUT_MS = 3_000;

/**
 * A push may arrive at any node, but only the node holding the feed's lease numbers its
 * samples: another node forwards it there through the adapter and answers with that node's
 * answer, so the pusher learns of a wrong token or a rate limit wherever it sent the push.
 */
export function forwardPushes(io: LivewallServer, feeds: Pick<FeedRunner, 'push' | 'runsTopic' | 'hasTopic'>, redisReady: () => boolean, log: Logger): PushRouter {
  io.on(EVENTS_BETWEEN_NODES.push, (payload: unknown, reply: (ack: PublishAck | null) => void) => {
    const request = forwardedPushSchema.safeParse(payload);
    if (typeof reply !== 'function') return;
    // Every node hears it; only the one running the feed answers with more than "not mine".
    if (!request.success || !feeds.runsTopic(request.data.topic)) {
      reply(null);
      return;
    }
    reply(feeds.push(request.data.topic, request.data.token, request.data.samples));
  });

  return (topic, token, samples) => {
    if (feeds.runsTopic(topic) || !feeds.hasTopic(topic)) return feeds.push(topic, token, samples);
    if (!redisReady()) return unavailable(topic);
    return new Promise((resolve) => {
      // The adapter answers once every node has, or after its own 5 s; but a Redis that died a
      // moment ago holds the request in the client's queue until it returns. The pusher hears by then.
      const timer = setTimeout(() => {
        log.debug({ topic }, 'a forwarded push got no answer in time');
        resolve(unavailable(topic));
      }, FORWARD_TIMEOUT_MS);
      io.serverSideEmit(EVENTS_BETWEEN_NODES.push, { topic, token, samples: [...samples] }, (err: Error | null, answers: (PublishAck | null)[]) => {
        clearTimeout(timer);
        const answer = answers.find((ack): ack is PublishAck => ack !== null);
        if (answer) return resolve(answer);
        if (err) log.debug({ err, topic }, 'no node answered a forwarded push in time');
        resolve(unavailable(topic));
      });
    });
  };
}

function unavailable(topic: string): PublishAck {
  return { ok: false, code: ERROR_CODES.FEED_UNAVAILABLE, message: `no node runs the feed of "${topic}" right now (one is taking it over, or Redis is down); try again in a few seconds` };
}
