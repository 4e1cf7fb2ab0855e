import type { HistoryLimits } from './history-limits';
import type { Sample } from '../protocol';
import { RingBuffer } from './ring-buffer';

/**
 * A topic's recent samples, bounded both by count and by age, in `seq` order. Seqs may skip
 * (a restart numbers on past the seqs it reserved but never issued), so `after` searches
 * rather than counts; `floorSeq` remembers the newest seq this history has let go of, which is
 * what tells a client whether everything after its `since` is still here.
 */
export class History {
  private readonly buffer: RingBuffer<Sample>;
  private readonly maxAgeMs: number;
  private newestSeq: number;
  /** Every sample with a seq above this that was ever issued is still held (or never existed). */
  private floorSeq: number;

  /**
   * @param lastSeq the seq to number on from: for a topic that comes back, or whose store reserved
   *   seqs up to it before a restart; a seq is never reused
   * @param preload samples the store kept from before a restart, oldest first
   */
  constructor(limits: HistoryLimits, lastSeq = 0, preload: readonly Sample[] = []) {
    this.buffer = new RingBuffer(limits.maxSamples);
    this.maxAgeMs = limits.maxAgeMs;
    this.newestSeq = lastSeq;
    this.floorSeq = lastSeq;
    const first = preload[0];
    if (first) this.floorSeq = Math.min(lastSeq, first.seq - 1);
    for (const sample of preload) this.push(sample);
    this.newestSeq = Math.max(lastSeq, preload.at(-1)?.seq ?? 0);
  }

  /**
   * A history under other limits that holds what this one holds (as much as fits) and
   * goes on numbering from the same `seq`: for a config reload that changed the limits.
   */
  resized(limits: HistoryLimits): History {
    const next = new History(limits, this.newestSeq, this.buffer.toArray());
    next.floorSeq = Math.max(next.floorSeq, this.floorSeq);
    return next;
  }

  get length(): number {
    return this.buffer.length;
  }

  /** The newest `seq` issued (0 before the first), even after it aged out. */
  get lastSeq(): number {
    return this.newestSeq;
  }

  /** Numbers on above `seq` from now (no-op when already above it); what is held stays. */
  numberAfter(seq: number): void {
    if (seq <= this.newestSeq) return;
    this.newestSeq = seq;
    // Samples up to `seq` that this history never held were issued elsewhere: `after` cannot vouch for them.
    this.floorSeq = Math.max(this.floorSeq, seq);
  }

  add(sample: Sample): void {
    this.push(sample);
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
   * (the gap is too old) or `seq` is ahead of the newest ever issued (another store).
   * A client already at the newest `seq` missed nothing, even once every sample has aged out.
   */
  after(seq: number, now: number): Sample[] | undefined {
    this.dropOlderThan(now - this.maxAgeMs);
    if (seq > this.newestSeq) return undefined;
    if (seq === this.newestSeq) return [];
    if (seq < this.floorSeq) return undefined;
    // The first held sample above `seq`, by binary search: seqs rise but may skip.
    let lo = 0;
    let hi = this.buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.buffer.at(mid) as Sample).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.buffer.toArray(lo);
  }

  private push(sample: Sample): void {
    // A full ring lets go of its oldest sample to take this one.
    if (this.buffer.length === this.buffer.capacity) this.floorSeq = Math.max(this.floorSeq, (this.buffer.at(0) as Sample).seq);
    this.buffer.push(sample);
  }

  private dropOlderThan(cutoff: number): void {
    while ((this.buffer.at(0)?.ts ?? Infinity) < cutoff) this.floorSeq = Math.max(this.floorSeq, (this.buffer.shift() as Sample).seq);
  }
}
