import type { Logger } from 'pino';
import type { Hub } from '../hub/hub';
import type { Limits } from '../config/schema';
import { ERROR_CODES, EVENTS, MAX_RANGE_POINTS, parseDuration, topicMatcher, type AckError, type HistoryRange, type Sample, type SubscribedTopic, type SubscribeOk } from '../protocol';
import { mayShowTopic } from '../security/viewer-tokens';
import { fitHistory } from './ack-budget';
import { subscribeRequestSchema, unsubscribeRequestSchema } from '../protocol/requests';
import type { FanOut } from './fan-out';
import type { PatternSubscriptions } from './pattern-subscriptions';
import { handleRequest } from './request-handler';
import { topicRoom } from './rooms';
import { subscribedTopics, type SubscriptionSets } from './subscription-sets';
import type { LivewallSocket } from './types';

/** What a subscribe needs to know of the server's bounds. */
export type SubscriptionLimits = () => Pick<Limits, 'maxTopicsPerSocket' | 'maxAckHistoryBytes'>;

/**
 * Lets a socket join and leave topic rooms, by name and by glob (`patterns`). Pending samples
 * are flushed first, then joining and taking the backfill happen in the same tick, so no
 * sample falls between history and live updates, and none is in both. Topics that appear
 * later and match a glob join in `topic-joins.ts`.
 */
export function attachSubscriptions(
  socket: LivewallSocket,
  hub: Hub,
  fanOut: Pick<FanOut, 'flush'>,
  sets: SubscriptionSets,
  patterns: PatternSubscriptions,
  limits: SubscriptionLimits,
  log: Logger,
): void {
  const socketLog = (): Logger => log.child({ socket: socket.id });
  socket.on('disconnect', () => {
    sets.remove(socket);
    patterns.forget(socket);
  });
  socket.on(
    EVENTS.subscribe,
    handleRequest(subscribeRequestSchema, socketLog, (request): SubscribeOk | AckError => {
      const { maxTopicsPerSocket, maxAckHistoryBytes } = limits();
      const { scope } = socket.data;
      const held = subscribedTopics(socket);
      const heldGlobs = new Set(patterns.of(socket));
      const newGlobs = [...new Set(request.patterns ?? [])].filter((glob) => !heldGlobs.has(glob));
      // Topics its token does not cover are answered as unknown, and globs never match them: a viewer learns nothing of them.
      const unique = [...new Set(request.topics)];
      const named = unique.filter((name) => hub.get(name) && mayShowTopic(scope, name));
      const matcher = topicMatcher(newGlobs);
      // Topics the socket holds already keep what they have: a reconnecting client asks for them by name, with `since`, before its globs.
      const globbed = newGlobs.length === 0 ? [] : hub.list().map((topic) => topic.meta.topic).filter((name) => matcher(name) && !held.has(name) && mayShowTopic(scope, name));
      const known = [...new Set([...named, ...globbed])];
      const adding = known.filter((name) => !held.has(name)).length;
      // A glob counts as a topic, so a connection's bound holds however many topics appear later.
      if (held.size + heldGlobs.size + adding + newGlobs.length > maxTopicsPerSocket) {
        const what = heldGlobs.size + newGlobs.length > 0 ? 'topics and globs' : 'topics';
        return {
          ok: false,
          code: ERROR_CODES.LIMIT_EXCEEDED,
          message: `a connection may hold ${maxTopicsPerSocket} ${what}; this one holds ${held.size + heldGlobs.size} and asked for ${adding + newGlobs.length} more`,
        };
      }
      fanOut.flush();
      patterns.add(socket, newGlobs);
      // A `since` from another run (the server restarted) is meaningless here.
      const since = request.epoch === undefined || request.epoch === hub.epoch ? request.since : undefined;
      const share = maxAckHistoryBytes / Math.max(1, known.length);
      const windowMs = request.window === undefined ? undefined : parseDuration(request.window);
      const now = Date.now();
      const topics = known.map((name) => joinTopic(socket, hub, name, { since: since?.get(name), windowMs, bytes: share, now }));
      sets.update(socket);
      const globs = patterns.of(socket);
      return {
        ok: true,
        epoch: hub.epoch,
        topics,
        unknown: unique.filter((name) => !hub.get(name) || !mayShowTopic(scope, name)),
        ...(globs.length > 0 ? { patterns: globs } : {}),
      };
    }),
  );

  socket.on(
    EVENTS.unsubscribe,
    handleRequest(unsubscribeRequestSchema, socketLog, (request) => {
      // A flush written in slices must not meet this socket halfway between two sets.
      fanOut.flush();
      for (const name of request.topics) void socket.leave(topicRoom(name));
      if (request.patterns) patterns.remove(socket, request.patterns);
      sets.update(socket);
      return { ok: true as const, topics: request.topics, ...(request.patterns ? { patterns: request.patterns } : {}) };
    }),
  );
}

/**
 * Joins a socket to one topic's room and returns its ack entry: the backfill after `since`
 * (or all of it), in at most `bytes`, with the store's older part of a long `windowMs`. The
 * caller flushes fan-out first and updates the socket's subscription set after.
 */
export function joinTopic(
  socket: LivewallSocket,
  hub: Hub,
  name: string,
  options: { since: number | undefined; windowMs: number | undefined; bytes: number; now: number },
): SubscribedTopic {
  const topic = hub.get(name) as NonNullable<ReturnType<Hub['get']>>;
  void socket.join(topicRoom(name));
  const backfill = hub.backfill(name, options.since);
  const { windowMs, bytes, now } = options;
  // A long window and the ring share the topic's part of the budget, half each.
  const older = windowMs === undefined ? undefined : olderHistory(hub, name, now - windowMs, backfill.history, bytes / 2, topic.meta.fields.length);
  const { samples, truncated } = fitHistory(backfill.history, older ? bytes / 2 : bytes);
  return {
    topic: name,
    meta: topic.meta,
    status: topic.status,
    recovered: backfill.recovered && !truncated,
    history: samples,
    ...(truncated ? { truncated } : {}),
    ...(older ? { older } : {}),
  };
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
