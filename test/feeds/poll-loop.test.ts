import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../src/errors';
import type { Poller, PollContext } from '../../src/feeds/feed';
import { nextTick, startPollLoop, type PollLoop } from '../../src/feeds/poll-loop';
import type { SampleValues } from '../../src/protocol';

const log = pino({ level: 'silent' });
const META = { topic: 't.x', title: 'X', kind: 'sensor' as const, intervalMs: 1000, fields: [{ name: 'v', label: 'V' }] };

/** A feed whose reads take `durationMs` (fake time) and that records overlap. */
function slowFeed(durationMs: number, fail: (call: number) => boolean = () => false) {
  let active = 0;
  const stats = { calls: 0, maxActive: 0, aborted: 0 };
  const feed: Poller = {
    meta: META,
    read({ signal }: PollContext): Promise<SampleValues> {
      stats.calls += 1;
      const call = stats.calls;
      active += 1;
      stats.maxActive = Math.max(stats.maxActive, active);
      return new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => (stats.aborted += 1));
        setTimeout(() => {
          active -= 1;
          if (fail(call)) reject(new Error(`boom ${call}`));
          else resolve({ v: call });
        }, durationMs);
      });
    },
  };
  return { feed, stats };
}

describe('poll loop', () => {
  let loop: PollLoop | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    loop?.stop();
    vi.useRealTimers();
  });

  it('never overlaps polls: one that overruns its interval skips the ticks it missed', async () => {
    vi.setSystemTime(1_000_000);
    const { feed, stats } = slowFeed(700);
    const readings: number[] = [];
    loop = startPollLoop({ poller: feed, intervalMs: 500, timeoutMs: 5000, onReading: (v) => readings.push(v.v as number), onFailure: () => {}, log });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stats.maxActive).toBe(1);
    // Polls start at 0, 1000, 2000, … 10 000: each 700 ms read misses the 500 ms tick after it.
    expect(stats.calls).toBe(11);
    expect(readings).toEqual(Array.from({ length: readings.length }, (_, i) => i + 1));
  });

  it('ticks on the interval grid, so feeds on one interval tick together and neither drifts', async () => {
    vi.setSystemTime(1_000_037);
    const starts: number[][] = [[], []];
    const pollerTaking = (ms: number, i: number): Poller => ({
      meta: META,
      read: ({ now }) => {
        starts[i]?.push(now);
        return new Promise((resolve) => setTimeout(() => resolve({ v: 1 }), ms));
      },
    });
    const loops = [
      startPollLoop({ poller: pollerTaking(3, 0), intervalMs: 100, timeoutMs: 1000, onReading: () => {}, onFailure: () => {}, log }),
      startPollLoop({ poller: pollerTaking(41, 1), intervalMs: 100, timeoutMs: 1000, onReading: () => {}, onFailure: () => {}, log }),
    ];
    await vi.advanceTimersByTimeAsync(1_030);
    loops.forEach((l) => l.stop());
    // The first poll starts at once; every later one on the 100 ms grid, whatever its read took.
    for (const list of starts) {
      expect(list[0]).toBe(1_000_037);
      expect(list.slice(1)).toEqual(Array.from({ length: 10 }, (_, i) => 1_000_100 + i * 100));
    }
  });

  it('finds the next tick after the one planned, skipping those a long poll ran past', () => {
    expect(nextTick(1000, 1020, 100)).toBe(1100);
    expect(nextTick(1037, 1040, 100)).toBe(1100);
    expect(nextTick(1000, 1250, 100)).toBe(1300);
    expect(nextTick(1000, 1100, 100)).toBe(1200);
  });

  it('times out a hanging poll, aborts its signal, and keeps polling', async () => {
    let calls = 0;
    let aborted = 0;
    const hanging: Poller = {
      meta: META,
      read({ signal }) {
        calls += 1;
        signal.addEventListener('abort', () => (aborted += 1));
        return calls === 1 ? new Promise(() => {}) : Promise.resolve({ v: calls });
      },
    };
    const failures: Error[] = [];
    const readings: SampleValues[] = [];
    loop = startPollLoop({ poller: hanging, intervalMs: 100, timeoutMs: 1000, onReading: (v) => readings.push(v), onFailure: (e) => failures.push(e), log });
    await vi.advanceTimersByTimeAsync(999);
    expect(failures).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: ERROR_CODES.FEED_TIMEOUT });
    expect(aborted).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(readings.length).toBeGreaterThan(0);
  });

  it('backs off exponentially while failing, capped, and resets after a success', async () => {
    const starts: number[] = [];
    let failing = true;
    const feed: Poller = {
      meta: META,
      read({ now }) {
        starts.push(now);
        return failing ? Promise.reject(new Error('down')) : Promise.resolve({ v: 1 });
      },
    };
    const counts: number[] = [];
    loop = startPollLoop({ poller: feed, intervalMs: 100, timeoutMs: 1000, maxBackoffMs: 1000, onReading: () => {}, onFailure: (_e, n) => counts.push(n), now: () => Date.now(), log });
    await vi.advanceTimersByTimeAsync(5000);
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    expect(gaps.slice(0, 5)).toEqual([200, 400, 800, 1000, 1000]);
    expect(counts.slice(0, 4)).toEqual([1, 2, 3, 4]);
    failing = false;
    await vi.advanceTimersByTimeAsync(1000);
    const before = starts.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts.length - before).toBe(10);
  });

  it('survives a read that throws synchronously and an onReading that throws', async () => {
    let calls = 0;
    const feed: Poller = {
      meta: META,
      read() {
        calls += 1;
        if (calls === 1) throw new Error('sync throw');
        return Promise.resolve({ v: calls });
      },
    };
    const failures: string[] = [];
    loop = startPollLoop({
      poller: feed,
      intervalMs: 100,
      timeoutMs: 1000,
      onReading: (v) => {
        if (v.v === 2) throw new Error('bad reading');
      },
      onFailure: (e) => failures.push(e.message),
      log,
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(failures).toEqual(['sync throw', 'bad reading']);
    expect(calls).toBeGreaterThan(3);
  });

  it('keeps polling when onFailure throws, and logs that it did', async () => {
    const logged: { msg: string; feed: string; err: { message: string }; pollError: string }[] = [];
    const capture = pino({}, { write: (line: string) => logged.push(JSON.parse(line)) });
    let calls = 0;
    const feed: Poller = {
      meta: META,
      read() {
        calls += 1;
        return calls % 2 === 1 ? Promise.reject(new Error(`down ${calls}`)) : Promise.resolve({ v: calls });
      },
    };
    const readings: number[] = [];
    loop = startPollLoop({
      poller: feed,
      intervalMs: 100,
      timeoutMs: 1000,
      onReading: (v) => readings.push(v.v as number),
      onFailure: () => {
        throw new Error('handler bug');
      },
      log: capture,
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(readings.slice(0, 3)).toEqual([2, 4, 6]);
    expect(logged[0]).toMatchObject({ msg: 'feed failure handler threw', feed: 't.x', err: { message: 'handler bug' }, pollError: 'down 1' });
    expect(logged.length).toBe(readings.length + (calls % 2));
  });

  it('keeps polling when both onReading and onFailure throw', async () => {
    let calls = 0;
    const feed: Poller = {
      meta: META,
      read() {
        calls += 1;
        return Promise.resolve({ v: calls });
      },
    };
    loop = startPollLoop({
      poller: feed,
      intervalMs: 100,
      timeoutMs: 1000,
      maxBackoffMs: 100,
      onReading: () => {
        throw new Error('bad reading');
      },
      onFailure: () => {
        throw new Error('handler bug');
      },
      log,
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBeGreaterThan(5);
  });

  it('leaves no timer behind when stopped during a read that ignores its abort signal', async () => {
    let settle: ((values: SampleValues) => void) | undefined;
    const deaf: Poller = {
      meta: META,
      read: () => new Promise((resolve) => (settle = resolve)),
    };
    const readings: SampleValues[] = [];
    const failures: Error[] = [];
    loop = startPollLoop({ poller: deaf, intervalMs: 100, timeoutMs: 600_000, onReading: (v) => readings.push(v), onFailure: (e) => failures.push(e), log });
    await vi.advanceTimersByTimeAsync(0);
    expect(settle).toBeDefined();
    expect(vi.getTimerCount()).toBe(1);
    loop.stop();
    await vi.advanceTimersByTimeAsync(0);
    // The 600 s timeout no longer keeps the process alive after stop().
    expect(vi.getTimerCount()).toBe(0);
    settle?.({ v: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(readings).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('stops: no more polls, and a poll in flight is aborted', async () => {
    const { feed, stats } = slowFeed(500);
    const readings: SampleValues[] = [];
    loop = startPollLoop({ poller: feed, intervalMs: 100, timeoutMs: 5000, onReading: (v) => readings.push(v), onFailure: () => {}, log });
    await vi.advanceTimersByTimeAsync(100);
    loop.stop();
    loop.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(stats.calls).toBe(1);
    expect(stats.aborted).toBe(1);
    expect(readings).toHaveLength(0);
  });
});
