import type { Logger } from 'pino';
import type { Hub } from '../hub/hub';
import { EVENTS, type SubscribedTopic, type SubscribeOk } from '../protocol';
import { subscribeRequestSchema, unsubscribeRequestSchema } from '../protocol/requests';
import type { FanOut } from './fan-out';
import { handleRequest } from './request-handler';
import { topicRoom } from './rooms';
import type { SubscriptionSets } from './subscription-sets';
import type { LivewallSocket } from './types';

/**
 * Lets a socket join and leave topic rooms. Pending samples are flushed first, then joining
 * and taking the backfill happen in the same tick, so no sample falls between history and
 * live updates, and none is in both.
 */
export function attachSubscriptions(socket: LivewallSocket, hub: Hub, fanOut: Pick<FanOut, 'flush'>, sets: SubscriptionSets, log: Logger): void {
  const socketLog = (): Logger => log.child({ socket: socket.id });
  socket.on('disconnect', () => sets.remove(socket));
  socket.on(
    EVENTS.subscribe,
    handleRequest(subscribeRequestSchema, socketLog, (request): SubscribeOk => {
      fanOut.flush();
      // A `since` from another run (the server restarted) is meaningless here.
      const since = request.epoch === undefined || request.epoch === hub.epoch ? request.since : undefined;
      const topics: SubscribedTopic[] = [];
      const unknown: string[] = [];
      for (const name of new Set(request.topics)) {
        const topic = hub.get(name);
        if (!topic) {
          unknown.push(name);
          continue;
        }
        void socket.join(topicRoom(name));
        const { history, recovered } = hub.backfill(name, since?.get(name));
        topics.push({ topic: name, meta: topic.meta, status: topic.status, recovered, history });
      }
      sets.update(socket);
      return { ok: true, epoch: hub.epoch, topics, unknown };
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
