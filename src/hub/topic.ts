import type { HistoryConfig } from '../config/schema';
import type { Sample, SampleValues, TopicInfo, TopicMeta, TopicStatus } from '../protocol';
import { History } from './history';

/** One topic's live state: what it is, how its feed is doing, and its recent samples. */
export class Topic {
  readonly meta: TopicMeta;
  readonly history: History;
  private currentStatus: TopicStatus;

  constructor(meta: TopicMeta, limits: HistoryConfig, now: number) {
    this.meta = meta;
    this.history = new History(limits);
    this.currentStatus = { state: 'pending', since: now, lastSampleTs: null, failures: 0 };
  }

  get status(): TopicStatus {
    return this.currentStatus;
  }

  get info(): TopicInfo {
    return { meta: this.meta, status: this.currentStatus };
  }

  /** Stamps values with the next `seq` and keeps them in history. */
  record(values: SampleValues, ts: number): Sample {
    // History remembers the newest seq even after it ages out, so numbering never restarts.
    const sample: Sample = { topic: this.meta.topic, seq: this.history.lastSeq + 1, ts, values };
    this.history.add(sample);
    return sample;
  }

  /** Replaces the status; returns true when the state (not only a count) changed. */
  setStatus(next: TopicStatus): boolean {
    const changed = next.state !== this.currentStatus.state || next.error !== this.currentStatus.error;
    this.currentStatus = next;
    return changed;
  }
}
