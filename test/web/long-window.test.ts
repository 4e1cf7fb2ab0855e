import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import type { Panel } from '../../src/protocol';
import { olderPoints, panelWindowMs } from '../../web/src/state/dashboard';
import { appendPoints, bucketFor, createSeries, LONG_WINDOW_POINTS } from '../../web/src/state/series';
import { simulatedConfig } from '../helpers/configs';

const HOUR = 3_600_000;

describe('long windows', () => {
  it('takes a panel’s window over its windowSec', () => {
    const panel: Panel = { topic: 't', type: 'line', windowSec: 300 };
    expect(panelWindowMs(panel)).toBe(300_000);
    expect(panelWindowMs({ ...panel, window: '24h' })).toBe(24 * HOUR);
  });

  it('buckets only when a window holds more samples than a screen has room for', () => {
    expect(bucketFor(5 * 60_000, 1_000)).toBe(0);
    expect(bucketFor(24 * HOUR, 1_000)).toBe(Math.ceil((24 * HOUR) / LONG_WINDOW_POINTS));
    expect(bucketFor(24 * HOUR, null)).toBeGreaterThan(0);
  });

  it('keeps one point per bucket, the newest, so a day of 1 Hz samples stays near 2,000 points', () => {
    const bucket = bucketFor(24 * HOUR, 1_000);
    const series = createSeries(24 * HOUR, 4_000, bucket);
    const start = Date.UTC(2026, 0, 1);
    // A day, fed as a live wall gets it: a few samples at a time.
    for (let s = 0; s < 86_400; s += 10) appendPoints(series, Array.from({ length: 10 }, (_, i) => ({ x: start + (s + i) * 1000, y: s + i })));
    expect(series.points.length).toBeLessThanOrEqual(LONG_WINDOW_POINTS + 1);
    expect(series.points.length).toBeGreaterThan(LONG_WINDOW_POINTS - 10);
    // The newest sample is always the last point: the line reaches now.
    expect(series.points.at(-1)).toEqual({ x: start + 86_399_000, y: 86_399 });
    const xs = series.points.map((point) => point.x);
    expect(xs.every((x, i) => i === 0 || x > (xs[i - 1] as number))).toBe(true);
    // Each bucket holds one point.
    expect(new Set(xs.map((x) => Math.floor(x / bucket))).size).toBe(xs.length);
  });

  it('turns roll-ups into points at their bucket’s end, by last value, and raw samples as they are', () => {
    expect(olderPoints({ tier: 'minute', stepMs: 60_000, points: [{ ts: 0, values: { t: { min: 1, max: 5, mean: 3, last: 4 } } }, { ts: 60_000, values: { t: null } }] }, 't')).toEqual([
      { x: 59_999, y: 4 },
      { x: 119_999, y: null },
    ]);
    expect(olderPoints({ tier: 'raw', stepMs: null, samples: [{ topic: 'x', seq: 1, ts: 5, values: { t: 2 } }] }, 't')).toEqual([{ x: 5, y: 2 }]);
  });

  it('checks a panel’s window in the config', () => {
    const withWindow = (window: string) => simulatedConfig({ dashboards: [{ id: 'd', title: 'D', panels: [{ topic: 'stocks.ACME', window }] }] });
    expect(parseConfig(withWindow('24h')).dashboards[0]?.panels[0]?.window).toBe('24h');
    expect(() => parseConfig(withWindow('1 day'))).toThrow(/window: must be a number and a unit/);
    expect(() => parseConfig(withWindow('365d'))).toThrow(/window: must be from 10s to 90d/);
  });
});
