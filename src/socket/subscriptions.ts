import type { Logger } from 'pino';
import type { Hub } from '../hub/hub';
import type { Limits } from '../config/schema';
import { ERROR_CODES, EVENTS, type AckError, type SubscribedTopic, type SubscribeOk } from '../protocol';
import { mayShowTopic } from '../security/viewer-tokens';
import { fitHistory } from './ack-budget';
import { subscribeRequestSchema, unsubscribeRequestSchema } from '../protocol/requests';
import type { FanOut } from './fan-out';
import { handleRequest } from './request-handler';
import { topicRoom } from './rooms';
import { subscribedTopics, type SubscriptionSets } from './subscription-sets';
import type { LivewallSocket } from './types';

/**
 * Lets a socket join and leave topic rooms. Pending samples are flushed first, then joining
 * and taking the backfill happen in the same tick, so no sample falls between history and
 * live updates, and none is in both.
 */
export function attachSubscriptions(
  socket: LivewallSocket,
  hub: Hub,
  fanOut: Pick<FanOut, 'flush'>,
  sets: SubscriptionSets,
  limits: () => Pick<Limits, 'maxTopicsPerSocket' | 'maxAckHistoryBytes'>,
  log: Logger,
): void {
  const socketLog = (): Logger => log.child({ socket: socket.id });
  socket.on('disconnect', () => sets.remove(socket));
  socket.on(
    EVENTS.subscribe,
    handleRequest(subscribeRequestSchema, socketLog, (request): SubscribeOk | AckError => {
      const { maxTopicsPerSocket, maxAckHistoryBytes } = limits();
      const { scope } = socket.data;
      // Topics its token does not cover are answered as unknown: a viewer learns nothing of them.
      const unique = [...new Set(request.topics)];
      const known = unique.filter((name) => hub.get(name) && mayShowTopic(scope, name));
      const held = subscribedTopics(socket);
      const adding = known.filter((name) => !held.has(name)).length;
      if (held.size + adding > maxTopicsPerSocket) {
        return { ok: false, code: ERROR_CODES.LIMIT_EXCEEDED, message: `a connection may hold ${maxTopicsPerSocket} topics; this one holds ${held.size} and asked for ${adding} more` };
      }
      fanOut.flush();
      // A `since` from another run (the server restarted) is meaningless here.
      const since = request.epoch === undefined || request.epoch === hub.epoch ? request.since : undefined;
      const share = maxAckHistoryBytes / Math.max(1, known.length);
      const topics: SubscribedTopic[] = [];
      for (const name of known) {
        const topic = hub.get(name) as NonNullable<ReturnType<Hub['get']>>;
        void socket.join(topicRoom(name));
        const backfill = hub.backfill(name, since?.get(name));
        const { samples, truncated } = fitHistory(backfill.history, share);
        topics.push({ topic: name, meta: topic.meta, status: topic.status, recovered: backfill.recovered && !truncated, history: samples, ...(truncated ? { truncated } : {}) });
      }
      sets.update(socket);
      return { ok: true, epoch: hub.epoch, topics, unknown: unique.filter((name) => !hub.get(name) || !mayShowTopic(scope, name)) };
    }),
  );

  socket.on(
    EVENTS.unsubscribe,
    handleRequest(unsubscribeRequestSchema, socketLog, (request) => {
      // A flush written in slices must not meet this socket halfway between two sets.
      fanOut.flush();
      for (const name of request.topics) void socket.leave(topicRoom(name));
      sets.update(socket);
      return { ok: true as const, topics: request.topics };
    }),
  );
}

