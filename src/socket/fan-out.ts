import type { Hub } from '../hub/hub';
import { EVENTS, type Sample } from '../protocol';
import { SLOW_ROOM, topicRoom } from './rooms';
import type { SubscriptionSet, SubscriptionSets } from './subscription-sets';
import type { LivewallServer } from './types';

/**
 * Frames a viewer gets at most per second, whatever its topics' rates: more than a screen can
 * show is merged into fewer, larger batches (every sample still arrives).
 */
export const MAX_FLUSHES_PER_SEC = 20;
const MIN_FLUSH_GAP_MS = 1000 / MAX_FLUSHES_PER_SEC;

export interface FanOut {
  /** Sends what is pending now; a subscribe calls it first, so its backfill and live samples meet exactly. */
  flush(): void;
  /** Stops listening to the hub and drops what is pending. */
  stop(): void;
}

/**
 * Sends samples to the sockets subscribed to their topics, batched: the samples published in
 * one turn of the event loop (feeds on the same interval tick together) go out as one
 * `dashboard update` per socket, holding all its topics' samples in `seq` order per topic, and
 * each batch is encoded once per subscription set (see `subscription-sets.ts`). Sockets in the
 * slow room are skipped. Status changes go to the topic's room at once.
 */
export function startFanOut(io: LivewallServer, hub: Hub, sets: SubscriptionSets, now: () => number = performance.now.bind(performance)): FanOut {
  let pending = new Map<string, Sample[]>();
  let scheduled: { cancel(): void } | undefined;
  let lastFlush = -Infinity;

  const flush = (): void => {
    scheduled?.cancel();
    scheduled = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    lastFlush = now();
    const touched = new Set<SubscriptionSet>();
    for (const topic of batch.keys()) for (const set of sets.withTopic(topic)) touched.add(set);
    for (const set of touched) {
      const samples: Sample[] = [];
      for (const topic of set.topics) {
        const list = batch.get(topic);
        if (list) for (const sample of list) samples.push(sample);
      }
      io.to(set.room).except(SLOW_ROOM).emit(EVENTS.dashboardUpdate, samples);
    }
  };

  const schedule = (): void => {
    if (scheduled) return;
    const wait = lastFlush + MIN_FLUSH_GAP_MS - now();
    if (wait <= 0) {
      // After the current turn: every feed that ticked with this one has published by then.
      const immediate = setImmediate(flush);
      scheduled = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(flush, wait);
      scheduled = { cancel: () => clearTimeout(timer) };
    }
  };

  const offSample = hub.on('sample', (sample) => {
    let list = pending.get(sample.topic);
    if (!list) pending.set(sample.topic, (list = []));
    list.push(sample);
    schedule();
  });
  const offStatus = hub.on('status', (topic, status) => {
    io.to(topicRoom(topic)).emit(EVENTS.topicStatus, { topic, status });
  });

  return {
    flush,
    stop() {
      offSample();
      offStatus();
      scheduled?.cancel();
      scheduled = undefined;
      pending = new Map();
    },
  };
}
