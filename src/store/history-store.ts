import type { HistoryLimits } from '../hub/history-limits';
import type { HistoryRange, Sample } from '../protocol';

/** What the store holds of a topic when the server starts. */
export interface StoredTopic {
  /** Its newest samples within the ring's limits, oldest first. */
  samples: Sample[];
  /** The highest seq that may have been issued before: numbering goes on after it, so none is reused. */
  reservedSeq: number;
}


export interface StoreHealth {
  /** False while writes fail (a full disk, a file that went read-only); the live path goes on. */
  ok: boolean;
  error?: string;
  /** Samples not written because writes were failing. */
  droppedSamples: number;
  /** Bytes on disk: the file and its write-ahead log. */
  bytes: number;
}

/**
 * History beyond the in-memory ring: every sample for a while, roll-ups for longer, and the
 * seqs issued, so a restart goes on where the last run stopped. The hub writes to it off the
 * live path (samples are queued and written in batches) and reads from it when topics start.
 */
export interface HistoryStore {
  /** Names the store: the `epoch` clients hold, the same across restarts. */
  readonly epoch: string;
  /** Opens a topic (made on first use): its newest samples and the seq to number on from. */
  openTopic(topic: string, fields: readonly string[], limits: HistoryLimits, now: number): StoredTopic;
  /** Records, before any of them is issued, that seqs up to `seq` may be in use. Synchronous and rare. */
  reserve(topic: string, seq: number): void;
  /** Queues a sample for the next batch write. */
  append(sample: Sample): void;
  /** Writes what is queued, now. */
  flush(): void;
  /**
   * Samples or roll-ups of a topic between `from` and `to` (epoch ms), from the finest tier that
   * still covers `from` and gives at most `maxPoints` at no finer than `stepMs`.
   */
  query(topic: string, from: number, to: number, stepMs: number, maxPoints: number): HistoryRange;
  /** Deletes what each tier keeps no longer, a bounded number of rows a table; runs by itself once a minute. */
  retain(): void;
  health(): StoreHealth;
  /** Writes what is queued and closes the file. Safe to call twice. */
  close(): void;
}
