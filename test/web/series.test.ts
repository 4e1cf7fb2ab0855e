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
