import type { Logger } from 'pino';
import type { Hub } from '../hub/hub';
import type { Limits } from '../config/schema';
import { ERROR_CODES, EVENTS, MAX_RANGE_POINTS, parseDuration, type AckError, type HistoryRange, type Sample, type SubscribedTopic, type SubscribeOk } from '../protocol';
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
      const windowMs = request.window === undefined ? undefined : parseDuration(request.window);
      const now = Date.now();
      const topics: SubscribedTopic[] = [];
      for (const name of known) {
        const topic = hub.get(name) as NonNullable<ReturnType<Hub['get']>>;
        void socket.join(topicRoom(name));
        const backfill = hub.backfill(name, since?.get(name));
        // A long window and the ring share the topic's part of the budget, half each.
        const older = windowMs === undefined ? undefined : olderHistory(hub, name, now - windowMs, backfill.history, share / 2, topic.meta.fields.length);
        const { samples, truncated } = fitHistory(backfill.history, older ? share / 2 : share);
        topics.push({
          topic: name,
          meta: topic.meta,
          status: topic.status,
          recovered: backfill.recovered && !truncated,
          history: samples,
          ...(truncated ? { truncated } : {}),
          ...(older ? { older } : {}),
        });
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


/**
 * The part of a long window before what the ring holds, from the store, in as many points as
 * fit `bytes` (a roll-up point of n fields is about 70 n + 20 bytes of JSON). Undefined when
 * the ring already covers the window.
 */
function olderHistory(hub: Hub, topic: string, from: number, ring: readonly Sample[], bytes: number, fields: number): HistoryRange | undefined {
  const to = (ring[0]?.ts ?? Date.now()) - 1;
  if (from >= to) return undefined;
  const points = Math.max(10, Math.min(MAX_RANGE_POINTS, Math.floor(bytes / (70 * fields + 20))));
  return hub.range(topic, from, to, 0, points);
}
