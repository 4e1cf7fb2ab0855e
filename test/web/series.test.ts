import { listenArrayEvents } from 'chart.js/helpers';
import { describe, expect, it } from 'vitest';
import { appendPoints, createSeries, earliestValue, latestValue, replacePoints, trimSeries } from '../../web/src/state/series';

const points = (xs: number[]) => xs.map((x) => ({ x, y: x / 10 }));

describe('series', () => {
  it('trims points older than the window', () => {
    const series = createSeries(1_000);
    appendPoints(series, points([0, 500, 1_000, 1_500, 2_000]));
    expect(series.points.map((p) => p.x)).toEqual([1_000, 1_500, 2_000]);
    trimSeries(series, 2_600);
    expect(series.points.map((p) => p.x)).toEqual([2_000]);
    trimSeries(series, 10_000);
    expect(series.points).toEqual([]);
  });

  it('keeps at most maxPoints, dropping the oldest', () => {
    const series = createSeries(60_000, 3);
    appendPoints(series, points([1, 2, 3, 4, 5]));
    expect(series.points.map((p) => p.x)).toEqual([3, 4, 5]);
  });

  it('drops repeated and out-of-order x values, so a resent sample never shows twice', () => {
    const series = createSeries(60_000);
    expect(appendPoints(series, points([1, 2, 3]))).toBe(3);
    expect(appendPoints(series, points([2, 3, 4]))).toBe(1);
    expect(series.points.map((p) => p.x)).toEqual([1, 2, 3, 4]);
  });

  it('changes the array in place, since Chart.js holds it', () => {
    const series = createSeries(1_000, 10);
    const array = series.points;
    appendPoints(series, points([1, 2]));
    replacePoints(series, points([5_000, 5_100]));
    trimSeries(series, 5_500);
    expect(series.points).toBe(array);
    expect(array.map((p) => p.x)).toEqual([5_000, 5_100]);
  });

  it('makes every change through methods Chart.js observes, so its elements never outnumber the points', () => {
    // Chart.js keeps one element per point by patching push/splice/… on the data
    // array; this tracks the count the same way, with Chart.js's own helper.
    const series = createSeries(1_000, 50);
    let seen = 0;
    let calls = 0;
    listenArrayEvents(series.points, {
      _onDataPush: (...items: unknown[]) => ((seen += items.length), (calls += 1)),
      _onDataSplice: (_start: number, removed: number, ...items: unknown[]) => ((seen += items.length - removed), (calls += 1)),
      _onDataPop: () => ((seen -= 1), (calls += 1)),
      _onDataShift: () => ((seen -= 1), (calls += 1)),
      _onDataUnshift: (...items: unknown[]) => ((seen += items.length), (calls += 1)),
    } as Parameters<typeof listenArrayEvents>[1]);
    appendPoints(series, points([100, 200, 300]));
    expect(seen).toBe(series.points.length);
    // A replace after live points (a resync that is not a continuation).
    replacePoints(series, points([900, 1_000, 1_100]));
    expect(seen).toBe(series.points.length);
    // A backfill much longer than the cap, then a trim by time.
    const xs = Array.from({ length: 5_000 }, (_, i) => 2_000 + i);
    calls = 0;
    appendPoints(series, points(xs));
    expect(seen).toBe(series.points.length);
    expect(series.points.length).toBe(50);
    // One push for the batch (only the newest 50 can stay), and no trim needed after it.
    expect(calls).toBeLessThanOrEqual(2);
    trimSeries(series, 100_000);
    expect(seen).toBe(0);
    expect(series.points).toEqual([]);
  });

  it('finds the newest and oldest values, skipping gaps', () => {
    const series = createSeries(60_000);
    appendPoints(series, [{ x: 1, y: null }, { x: 2, y: 7 }, { x: 3, y: 9 }, { x: 4, y: null }]);
    expect(latestValue(series)).toEqual({ x: 3, y: 9 });
    expect(earliestValue(series)).toEqual({ x: 2, y: 7 });
  });

  it('stays bounded however many samples arrive: 50,000 at 10 ms into a 5-minute window', () => {
    const series = createSeries(300_000, 2_000);
    let x = 0;
    let longest = 0;
    for (let batch = 0; batch < 500; batch += 1) {
      appendPoints(series, Array.from({ length: 100 }, () => ({ x: (x += 10), y: Math.sin(x) })));
      longest = Math.max(longest, series.points.length);
    }
    expect(longest).toBeLessThanOrEqual(2_000);
    expect(series.points.length).toBe(2_000);
    expect(series.points.at(-1)?.x).toBe(x);
  });

  it('stays bounded by time alone when the cap is generous', () => {
    const series = createSeries(10_000, 1_000_000);
    for (let i = 1; i <= 10_000; i += 1) appendPoints(series, [{ x: i * 100, y: i }]);
    // 10 s of 100 ms samples, the newest inclusive.
    expect(series.points.length).toBe(101);
  });

  it('refuses nonsense bounds', () => {
    expect(() => createSeries(0)).toThrow(RangeError);
    expect(() => createSeries(1_000, 0)).toThrow(RangeError);
  });
});
