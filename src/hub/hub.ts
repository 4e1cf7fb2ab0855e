import { randomUUID } from 'node:crypto';
import type { HistoryStore } from '../store/history-store';
import type { HistoryLimits } from './history-limits';
import type { HistoryRange, Sample, SampleValues, TopicMeta, TopicStatus } from '../protocol';
import { Topic } from './topic';

/** Where a sample or status came from: this node's feeds, or another node of the cluster. */
export type Origin = 'local' | 'remote';

export interface HubListeners {
  sample: (sample: Sample, origin: Origin) => void;
  status: (topic: string, status: TopicStatus, origin: Origin) => void;
  /** A topic was registered that was not there before (a feed started, or an MQTT device spoke first). */
  topic: (topic: string) => void;
}

/** What a subscriber gets to fill its charts: `recovered` means "append", otherwise "replace". */
export interface Backfill {
  history: Sample[];
  recovered: boolean;
}

/**
 * How many removed topics' last seqs are remembered, so a topic that comes back (a config
 * edit that removes and restores it) numbers on instead of reusing seqs a viewer holds.
 */
const RETIRED_SEQS_KEPT = 10_000;

/**
 * The topic registry: every topic's metadata, status and bounded history, and
 * the one place samples enter. It knows nothing of sockets; fan-out listens to it.
 */
export class Hub {
  /**
   * Names where `seq`s come from, so a client can tell its `seq`s from another's: the cluster's,
   * the history store's (which survives restarts), or this run's when history is kept in memory only.
   */
  private currentEpoch: string;
  private readonly topics = new Map<string, Topic>();
  private readonly retiredSeqs = new Map<string, number>();
  private readonly listeners: { [K in keyof HubListeners]: Set<HubListeners[K]> } = { sample: new Set(), status: new Set(), topic: new Set() };
  private readonly now: () => number;
  private readonly store: HistoryStore | undefined;
  private readonly reserveSeqs: boolean;

  /**
   * @param options.reserveSeqs whether seqs are reserved in the store, so a restart numbers on
   *   past them (default true); a cluster node takes its seqs from the cluster instead
   */
  constructor(options: { now?: () => number; store?: HistoryStore; reserveSeqs?: boolean } = {}) {
    this.now = options.now ?? Date.now;
    this.store = options.store;
    this.reserveSeqs = options.reserveSeqs ?? true;
    this.currentEpoch = options.store?.epoch ?? randomUUID();
  }

  get epoch(): string {
    return this.currentEpoch;
  }

  /**
   * Takes the cluster's epoch, when this node joins it: clients holding seqs from before see
   * another epoch and fill their charts afresh instead of trusting `since`.
   */
  adoptEpoch(epoch: string): void {
    this.currentEpoch = epoch;
  }

  /**
   * Registers a topic, or updates one that is already there (a reloaded config changed its
   * feed): its history, seq, status and viewers stay.
   */
  upsertTopic(meta: TopicMeta, limits: HistoryLimits): Topic {
    const existing = this.topics.get(meta.topic);
    if (existing) {
      // New fields: the store writes this topic's samples in a new layout from now on.
      const fields = meta.fields.map((field) => field.name);
      if (fields.join('\n') !== existing.meta.fields.map((field) => field.name).join('\n')) this.store?.openTopic(meta.topic, fields, limits, this.now());
      existing.update(meta, limits);
      return existing;
    }
    const now = this.now();
    // With a store, the topic starts from what the last run kept, numbering on past every seq it may have issued.
    const stored = this.store?.openTopic(meta.topic, meta.fields.map((field) => field.name), limits, now);
    const reserved = this.reserveSeqs ? (stored?.reservedSeq ?? 0) : 0;
    const topic = new Topic(meta, limits, now, Math.max(reserved, this.retiredSeqs.get(meta.topic) ?? 0), stored?.samples);
    this.retiredSeqs.delete(meta.topic);
    this.topics.set(meta.topic, topic);
    for (const listener of this.listeners.topic) listener(meta.topic);
    return topic;
  }

  /** Forgets a topic (its feed left the config), remembering its last seq in case it comes back. */
  removeTopic(name: string): void {
    const topic = this.topics.get(name);
    if (!topic) return;
    this.topics.delete(name);
    this.retiredSeqs.set(name, topic.history.lastSeq);
    if (this.retiredSeqs.size > RETIRED_SEQS_KEPT) this.retiredSeqs.delete(this.retiredSeqs.keys().next().value as string);
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  /** Records a reading: keeps only declared fields, turns non-finite numbers into null, and fans it out. */
  publish(name: string, values: SampleValues, ts: number): Sample {
    const topic = this.require(name);
    const clean: SampleValues = {};
    for (const field of topic.meta.fields) {
      const value = values[field.name];
      clean[field.name] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    const sample = topic.record(clean, ts);
    // Reserved before any viewer can see it, so no restart reissues this seq; then queued for the next write.
    if (this.reserveSeqs) this.store?.reserve(name, sample.seq);
    this.accepted(topic, sample, 'local');
    return sample;
  }

  /**
   * Takes a sample another node of the cluster numbered, in seq order: one at or below the
   * newest this topic holds is a duplicate and is dropped. Returns whether it was taken.
   */
  ingest(sample: Sample): boolean {
    const topic = this.require(sample.topic);
    if (sample.seq <= topic.history.lastSeq) return false;
    topic.history.add(sample);
    this.accepted(topic, sample, 'remote');
    return true;
  }

  /** Numbers this topic's next sample above `seq` (a node taking a feed over goes on from the cluster's newest). */
  numberAfter(name: string, seq: number): void {
    this.require(name).history.numberAfter(seq);
  }

  /** Takes a status another node's feed reported. */
  applyStatus(name: string, status: TopicStatus): void {
    const topic = this.require(name);
    if (topic.setStatus(status)) this.emitStatus(topic, 'remote');
  }

  /** Marks a topic's feed as failing; its history and last sample stay. */
  markFailure(name: string, error: string, failures: number): void {
    const topic = this.require(name);
    const previous = topic.status;
    const changed = topic.setStatus({
      state: 'error',
      since: previous.state === 'error' ? previous.since : this.now(),
      lastSampleTs: previous.lastSampleTs,
      error,
      failures,
    });
    if (changed) this.emitStatus(topic, 'local');
  }

  /**
   * Clears a failure without a sample (an MQTT broker came back, and its devices speak when
   * they will): `ok` when the topic had samples, else `pending`.
   */
  markRecovered(name: string): void {
    const topic = this.require(name);
    const previous = topic.status;
    if (previous.state !== 'error') return;
    const state = previous.lastSampleTs === null ? 'pending' : 'ok';
    if (topic.setStatus({ state, since: this.now(), lastSampleTs: previous.lastSampleTs, failures: 0 })) this.emitStatus(topic, 'local');
  }

  /**
   * The samples a subscriber needs: those after `since` when the hub still holds
   * all of them, else the whole history.
   */
  backfill(name: string, since?: number): Backfill {
    const topic = this.require(name);
    const now = this.now();
    if (since !== undefined) {
      const missed = topic.history.after(since, now);
      if (missed) return { history: missed, recovered: true };
    }
    return { history: topic.history.all(now), recovered: false };
  }

  /**
   * A topic's history between `from` and `to` (epoch ms), from the store's finest tier that
   * covers it within `maxPoints` at no finer than `stepMs`; raw samples not yet written come from
   * the ring. Without a store, the ring is all there is.
   */
  range(name: string, from: number, to: number, stepMs: number, maxPoints: number): HistoryRange {
    const topic = this.require(name);
    const inRing = topic.history.all(this.now()).filter((sample) => sample.ts >= from && sample.ts <= to);
    if (!this.store) return { tier: 'raw', stepMs: null, samples: inRing.slice(-maxPoints) };
    const stored = this.store.query(name, from, to, stepMs, maxPoints);
    if (stored.tier !== 'raw') return stored;
    const newest = stored.samples.at(-1)?.seq ?? -Infinity;
    return { tier: 'raw', stepMs: null, samples: [...stored.samples, ...inRing.filter((sample) => sample.seq > newest)].slice(-maxPoints) };
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof HubListeners>(event: K, listener: HubListeners[K]): () => void {
    const set = this.listeners[event] as Set<HubListeners[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** A sample is in the topic's history: store it, mark the topic live, and tell the listeners. */
  private accepted(topic: Topic, sample: Sample, origin: Origin): void {
    this.store?.append(sample);
    const { status } = topic;
    const changed = topic.setStatus({ state: 'ok', since: status.state === 'ok' ? status.since : sample.ts, lastSampleTs: sample.ts, failures: 0 });
    for (const listener of this.listeners.sample) listener(sample, origin);
    if (changed) this.emitStatus(topic, origin);
  }

  private emitStatus(topic: Topic, origin: Origin): void {
    for (const listener of this.listeners.status) listener(topic.meta.topic, topic.status, origin);
  }

  private require(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new Error(`unknown topic "${name}"`);
    return topic;
  }
}
