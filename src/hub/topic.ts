import type { HistoryLimits } from './history-limits';
import type { Sample, SampleValues, TopicInfo, TopicMeta, TopicStatus } from '../protocol';
import { History } from './history';

/** One topic's live state: what it is, how its feed is doing, and its recent samples. */
export class Topic {
  private currentMeta: TopicMeta;
  private currentHistory: History;
  private currentStatus: TopicStatus;
  private currentLimits: HistoryLimits;

  /**
   * @param lastSeq the seq to number on from: a topic that comes back never reuses a seq
   * @param preload samples kept from before a restart, oldest first
   */
  constructor(meta: TopicMeta, limits: HistoryLimits, now: number, lastSeq = 0, preload: readonly Sample[] = []) {
    this.currentMeta = meta;
    this.currentLimits = limits;
    this.currentHistory = new History(limits, lastSeq, preload);
    this.currentStatus = { state: 'pending', since: now, lastSampleTs: preload.at(-1)?.ts ?? null, failures: 0 };
  }

  get meta(): TopicMeta {
    return this.currentMeta;
  }

  get history(): History {
    return this.currentHistory;
  }

  /** How much history it keeps. */
  get limits(): HistoryLimits {
    return this.currentLimits;
  }

  get status(): TopicStatus {
    return this.currentStatus;
  }

  get info(): TopicInfo {
    return { meta: this.currentMeta, status: this.currentStatus };
  }

  /** A reloaded config changed what the topic is or how much it keeps; its samples and seq stay. */
  update(meta: TopicMeta, limits: HistoryLimits): void {
    this.currentMeta = meta;
    this.currentLimits = limits;
    this.currentHistory = this.currentHistory.resized(limits);
  }

  /** Stamps values with the next `seq` and keeps them in history. */
  record(values: SampleValues, ts: number): Sample {
    // History remembers the newest seq even after it ages out, so numbering never restarts.
    const sample: Sample = { topic: this.currentMeta.topic, seq: this.currentHistory.lastSeq + 1, ts, values };
    this.currentHistory.add(sample);
    return sample;
  }

  /** Replaces the status; returns true when the state (not only a count) changed. */
  setStatus(next: TopicStatus): boolean {
    const changed = next.state !== this.currentStatus.state || next.error !== this.currentStatus.error;
    this.currentStatus = next;
    return changed;
  }
}
