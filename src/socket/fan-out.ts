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
/**
 * Sockets written to before the flush yields to the event loop: thousands of writes in one go
 * would hold up the feeds' timers (and every other viewer's requests) for tens of milliseconds.
 */
export const SOCKETS_PER_SLICE = 512;

/** What fan-out tells /metrics. */
export interface FanOutCounts {
  /** Samples sent, one per sample per viewer. */
  delivered(count: number): void;
  /** Samples not sent to viewers in the slow room. */
  dropped(count: number): void;
}

export interface FanOut {
  /** Sends everything pending now, synchronously; a subscribe calls it first, so its backfill and live samples meet exactly. */
  flush(): void;
  /** Stops listening to the hub and drops what is pending. */
  stop(): void;
}

/** One flush being written out, set by set. */
interface Flush {
  batch: ReadonlyMap<string, Sample[]>;
  sets: SubscriptionSet[];
  next: number;
}

/**
 * Sends samples to the sockets subscribed to their topics, batched: the samples published in
 * one turn of the event loop (feeds on one interval tick together) go out as one
 * `dashboard update` per socket, holding all its topics' samples in `seq` order per topic, and
 * each batch is encoded once per subscription set (see `subscription-sets.ts`). A large flush
 * is written in slices, yielding between them, so ticks stay on time. Sockets in the slow room
 * are skipped. Status changes go to the topic's room at once.
 *
 * Every emit is local: in a cluster each node's hub holds every topic's samples (see
 * `cluster/replication.ts`), and each node's fan-out serves its own viewers.
 */
export function startFanOut(
  io: LivewallServer,
  hub: Hub,
  sets: SubscriptionSets,
  counts?: FanOutCounts,
  now: () => number = performance.now.bind(performance),
): FanOut {
  let pending = new Map<string, Sample[]>();
  let scheduled: { cancel(): void } | undefined;
  let writing: Flush | undefined;
  let resume: NodeJS.Immediate | undefined;
  let lastFlush = -Infinity;

  const emitTo = (set: SubscriptionSet, batch: ReadonlyMap<string, Sample[]>): void => {
    const samples: Sample[] = [];
    for (const topic of set.topics) {
      const list = batch.get(topic);
      if (list) for (const sample of list) samples.push(sample);
    }
    io.local.to(set.room).except(SLOW_ROOM).emit(EVENTS.dashboardUpdate, samples);
    if (!counts) return;
    const slow = io.of('/').adapter.rooms.get(SLOW_ROOM);
    let skipped = 0;
    if (slow) for (const id of slow) if (io.of('/').adapter.rooms.get(set.room)?.has(id)) skipped += 1;
    counts.delivered(samples.length * (set.members - skipped));
    if (skipped > 0) counts.dropped(samples.length * skipped);
  };

  /** Writes the flush in progress, all of it or one slice; returns whether it finished. */
  const write = (all: boolean): boolean => {
    const flush = writing;
    if (!flush) return true;
    let written = 0;
    while (flush.next < flush.sets.length && (all || written < SOCKETS_PER_SLICE)) {
      const set = flush.sets[flush.next++] as SubscriptionSet;
      // A set whose last member left while the flush was sliced has no room to write to.
      if (set.members > 0) emitTo(set, flush.batch);
      written += set.members;
    }
    if (flush.next < flush.sets.length) return false;
    writing = undefined;
    return true;
  };

  const continueWriting = (): void => {
    resume = undefined;
    if (write(false)) startFlush(false);
    else resume = setImmediate(continueWriting);
  };

  /** Starts writing what is pending (after any flush still being written); `all` writes it at once. */
  const startFlush = (all: boolean): void => {
    if (pending.size === 0) return;
    scheduled?.cancel();
    scheduled = undefined;
    const batch = pending;
    pending = new Map();
    lastFlush = now();
    const touched = new Set<SubscriptionSet>();
    for (const topic of batch.keys()) for (const set of sets.withTopic(topic)) touched.add(set);
    writing = { batch, sets: [...touched], next: 0 };
    if (write(all)) return;
    resume = setImmediate(continueWriting);
  };

  const flushNow = (): void => {
    if (resume) clearImmediate(resume);
    resume = undefined;
    write(true);
    startFlush(true);
  };

  const schedule = (): void => {
    // A flush being written picks up what is pending when it ends.
    if (scheduled || writing) return;
    const wait = lastFlush + MIN_FLUSH_GAP_MS - now();
    if (wait <= 0) {
      // After the current turn: every feed that ticked with this one has published by then.
      const immediate = setImmediate(() => {
        scheduled = undefined;
        startFlush(false);
      });
      scheduled = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(() => {
        scheduled = undefined;
        startFlush(false);
      }, wait);
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
    io.local.to(topicRoom(topic)).emit(EVENTS.topicStatus, { topic, status });
  });

  return {
    flush: flushNow,
    stop() {
      offSample();
      offStatus();
      scheduled?.cancel();
      scheduled = undefined;
      if (resume) clearImmediate(resume);
      resume = undefined;
      writing = undefined;
      pending = new Map();
    },
  };
}
