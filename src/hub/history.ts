import type { HistoryLimits } from './history-limits';
import type { Sample } from '../protocol';
import { RingBuffer } from './ring-buffer';

/**
 * A topic's recent samples, bounded both by count and by age. Samples enter in
 * `seq` order with no gaps, so the sample after any `seq` is found by arithmetic.
 */
export class History {
  private readonly buffer: RingBuffer<Sample>;
  private readonly maxAgeMs: number;
  private newestSeq = 0;

  /** @param lastSeq the seq to number on from, for a topic that comes back: a seq is never reused. */
  constructor(limits: HistoryLimits, lastSeq = 0) {
    this.buffer = new RingBuffer(limits.maxSamples);
    this.maxAgeMs = limits.maxAgeMs;
    this.newestSeq = lastSeq;
  }

  /**
   * A history under other limits that holds what this one holds (as much as fits) and
   * goes on numbering from the same `seq`: for a config reload that changed the limits.
   */
  resized(limits: HistoryLimits): History {
    const next = new History(limits, this.newestSeq);
    for (const sample of this.buffer.toArray()) next.buffer.push(sample);
    return next;
  }

  get length(): number {
    return this.buffer.length;
  }

  /** The `seq` of the newest sample ever added (0 before the first), even after it aged out. */
  get lastSeq(): number {
    return this.newestSeq;
  }

  add(sample: Sample): void {
    this.buffer.push(sample);
    this.newestSeq = sample.seq;
    this.dropOlderThan(sample.ts - this.maxAgeMs);
  }

  /** Every sample still within the age limit at `now`. */
  all(now: number): Sample[] {
    this.dropOlderThan(now - this.maxAgeMs);
    return this.buffer.toArray();
  }

  /**
   * The samples after `seq`, or undefined when some of them are no longer held
   * (the gap is too old) or `seq` is ahead of the newest ever added (a different run).
   * A client already at the newest `seq` missed nothing, even once every sample has aged out.
   */
  after(seq: number, now: number): Sample[] | undefined {
    this.dropOlderThan(now - this.maxAgeMs);
    if (seq > this.newestSeq) return undefined;
    if (seq === this.newestSeq) return [];
    const oldest = this.buffer.at(0);
    if (!oldest || seq < oldest.seq - 1) return undefined;
    return this.buffer.toArray(seq + 1 - oldest.seq);
  }

  private dropOlderThan(cutoff: number): void {
    while ((this.buffer.at(0)?.ts ?? Infinity) < cutoff) this.buffer.shift();
  }
}
