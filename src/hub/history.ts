import type { HistoryConfig } from '../config/schema';
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

  constructor(limits: HistoryConfig) {
    this.buffer = new RingBuffer(limits.maxSamples);
    this.maxAgeMs = limits.maxAgeMs;
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
