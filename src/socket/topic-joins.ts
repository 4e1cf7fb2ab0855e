import type { Logger } from 'pino';
import type { Hub } from '../hub/hub';
import { EVENTS } from '../protocol';
import { mayShowTopic } from '../security/viewer-tokens';
import type { FanOut } from './fan-out';
import type { PatternSubscriptions } from './pattern-subscriptions';
import type { SubscriptionSets } from './subscription-sets';
import { subscribedTopics } from './subscription-sets';
import { joinTopic, type SubscriptionLimits } from './subscriptions';

/**
 * Joins each new topic to the sockets whose globs match it, at the moment the hub registers it
 * (before its first sample), and tells each with `topic joined`: a device that speaks for the
 * first time appears on every wall whose `status` panel names it by glob, with no reload.
 * A socket at its topic limit is passed over (and the skip logged), as a subscribe would be refused.
 * @returns a function that stops watching
 */
export function joinNewTopics(
  hub: Hub,
  fanOut: Pick<FanOut, 'flush'>,
  sets: SubscriptionSets,
  patterns: PatternSubscriptions,
  limits: SubscriptionLimits,
  log: Logger,
): () => void {
  return hub.on('topic', (name) => {
    let flushed = false;
    for (const [socket, pattern] of patterns.matching(name)) {
      if (!mayShowTopic(socket.data.scope, name)) continue;
      const held = subscribedTopics(socket);
      if (held.has(name)) continue;
      const { maxTopicsPerSocket, maxAckHistoryBytes } = limits();
      if (held.size + patterns.of(socket).length + 1 > maxTopicsPerSocket) {
        log.warn({ socket: socket.id, topic: name, pattern, maxTopicsPerSocket }, 'a new topic matches a viewer\'s glob, but the viewer is at its topic limit');
        continue;
      }
      // Once per topic: what is pending goes out before any socket's set changes.
      if (!flushed) fanOut.flush();
      flushed = true;
      const entry = joinTopic(socket, hub, name, { since: undefined, windowMs: undefined, bytes: maxAckHistoryBytes, now: Date.now() });
      sets.update(socket);
      socket.emit(EVENTS.topicJoined, { ...entry, pattern });
    }
  });
}
