import { describe, expect, it } from 'vitest';
import { History } from '../../src/hub/history';
import { RingBuffer } from '../../src/hub/ring-buffer';
import type { Sample } from '../../src/protocol';

const sample = (seq: number, ts = seq * 1000): Sample => ({ topic: 't.x', seq, ts, values: { v: seq } });

describe('RingBuffer', () => {
  it('keeps the newest `capacity` items in order, however many are pushed', () => {
    const buffer = new RingBuffer<number>(5);
    for (let i = 1; i <= 10_000; i += 1) buffer.push(i);
    expect(buffer.length).toBe(5);
    expect(buffer.toArray()).toEqual([9996, 9997, 9998, 9999, 10_000]);
    expect(buffer.toArray(3)).toEqual([9999, 10_000]);
    expect(buffer.shift()).toBe(9996);
    expect(buffer.at(0)).toBe(9997);
    expect(buffer.at(4)).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('History', () => {
  it('is bounded by count', () => {
    const history = new History({ maxSamples: 100, maxAgeMs: 1e9 });
    for (let seq = 1; seq <= 5000; seq += 1) history.add(sample(seq));
    expect(history.length).toBe(100);
    expect(history.all(5000 * 1000).map((s) => s.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i));
  });

  it('is bounded by age, also when nothing new arrives', () => {
    const history = new History({ maxSamples: 1000, maxAgeMs: 10_000 });
    for (let seq = 1; seq <= 50; seq += 1) history.add(sample(seq));
    expect(history.all(50_000).map((s) => s.seq)).toEqual(Array.from({ length: 11 }, (_, i) => 40 + i));
    expect(history.all(100_000)).toEqual([]);
  });

  it('returns exactly the samples after a seq, or undefined when it cannot', () => {
    const history = new History({ maxSamples: 10, maxAgeMs: 1e9 });
    for (let seq = 1; seq <= 30; seq += 1) history.add(sample(seq));
    expect(history.after(25, 30_000)?.map((s) => s.seq)).toEqual([26, 27, 28, 29, 30]);
    expect(history.after(20, 30_000)?.map((s) => s.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(history.after(30, 30_000)).toEqual([]);
    expect(history.after(19, 30_000)).toBeUndefined();
    expect(history.after(31, 30_000)).toBeUndefined();
  });

  it('remembers the newest seq after every sample has aged out', () => {
    const history = new History({ maxSamples: 10, maxAgeMs: 10_000 });
    expect(history.lastSeq).toBe(0);
    for (let seq = 1; seq <= 5; seq += 1) history.add(sample(seq));
    // Long after the feed went quiet: nothing is held, but a client at seq 5 missed nothing.
    expect(history.all(100_000)).toEqual([]);
    expect(history.lastSeq).toBe(5);
    expect(history.after(5, 100_000)).toEqual([]);
    expect(history.after(4, 100_000)).toBeUndefined();
    expect(history.after(0, 100_000)).toBeUndefined();
    expect(history.after(6, 100_000)).toBeUndefined();
  });

  it('serves the gap again once a quiet feed publishes anew', () => {
    const history = new History({ maxSamples: 10, maxAgeMs: 10_000 });
    for (let seq = 1; seq <= 5; seq += 1) history.add(sample(seq));
    history.add(sample(6, 100_000));
    expect(history.after(5, 100_000)?.map((s) => s.seq)).toEqual([6]);
    expect(history.after(6, 100_000)).toEqual([]);
    expect(history.after(4, 100_000)).toBeUndefined();
  });
});
