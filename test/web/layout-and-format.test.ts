import { describe, expect, it } from 'vitest';
import { createTimeFormatter, timeStep, timeTicks } from '../../web/src/charts/time-axis';
import { dashboardForTopics, gridShape, panelFields } from '../../web/src/state/dashboard';
import { formatChange, formatValue } from '../../web/src/state/format';
import { thresholdLevel } from '../../web/src/state/thresholds';

describe('gridShape', () => {
  it('fills a 16:9 screen with wide cells', () => {
    const eight = Array.from({ length: 8 }, () => ({}));
    expect(gridShape(eight, 1920, 1000)).toEqual({ columns: 3, rows: 3 });
    expect(gridShape([{}], 1920, 1000)).toEqual({ columns: 1, rows: 1 });
    expect(gridShape(Array.from({ length: 4 }, () => ({})), 1920, 1000)).toEqual({ columns: 2, rows: 2 });
  });

  it('honours configured columns and spans', () => {
    expect(gridShape([{}, {}, {}, {}, {}], 1920, 1000, 5)).toEqual({ columns: 5, rows: 1 });
    expect(gridShape([{ span: { cols: 2, rows: 2 } }, {}, {}], 1920, 1000).columns).toBeGreaterThanOrEqual(2);
  });
});

describe('dashboards built from ?topics=', () => {
  it('makes a line panel per topic, in order, unknown ones too (their panel says so)', () => {
    const dashboard = dashboardForTopics(['b', 'nope', 'a']);
    expect(dashboard.panels.map((p) => [p.topic, p.type])).toEqual([['b', 'line'], ['nope', 'line'], ['a', 'line']]);
  });

  it('gives each unit of a topic\'s fields its own panel, so scales never share an axis', () => {
    const info = (topic: string, fields: { name: string; label: string; unit?: string }[]) => ({
      meta: { topic, title: topic.toUpperCase(), kind: 'test', fields, intervalMs: 1000 },
      status: { state: 'ok' as const, since: 0, lastSampleTs: 0, failures: 0 },
    });
    const known = new Map([
      ['cpu', info('cpu', [{ name: 'total', label: 'Total', unit: '%' }, { name: 'user', label: 'User', unit: '%' }])],
      ['acme', info('acme', [{ name: 'price', label: 'Price', unit: '$' }, { name: 'changePct', label: 'Change', unit: '%' }, { name: 'volume', label: 'Volume', unit: 'shares' }, { name: 'a', label: 'A' }, { name: 'b', label: 'B' }])],
    ]);
    const dashboard = dashboardForTopics(['cpu', 'acme', 'nope'], known);
    expect(dashboard.panels.map((p) => [p.topic, p.fields, p.title])).toEqual([
      ['cpu', undefined, undefined],
      ['acme', ['price'], 'ACME · Price'],
      ['acme', ['changePct'], 'ACME · Change'],
      ['acme', ['volume'], 'ACME · Volume'],
      ['acme', ['a'], 'ACME · A'],
      ['acme', ['b'], 'ACME · B'],
      ['nope', undefined, undefined],
    ]);
  });

  it('plots the panel fields that exist, or all', () => {
    expect(panelFields({ topic: 't', type: 'line', windowSec: 60 }, ['x', 'y'])).toEqual(['x', 'y']);
    expect(panelFields({ topic: 't', type: 'line', windowSec: 60, fields: ['y', 'zz'] }, ['x', 'y'])).toEqual(['y']);
  });
});

describe('time axis', () => {
  it('picks round steps and ticks on their multiples', () => {
    expect(timeStep(0, 300_000, 6)).toBe(60_000);
    expect(timeStep(0, 60_000, 6)).toBe(10_000);
    expect(timeStep(0, 61_000, 6)).toBe(15_000);
    expect(timeTicks(61_000, 300_000, 6)).toEqual([120_000, 180_000, 240_000, 300_000]);
  });

  it('formats in the configured time zone', () => {
    const format = createTimeFormatter('Asia/Tokyo');
    expect(format(Date.UTC(2024, 0, 1, 0, 5, 30), 60_000)).toBe('09:05');
    expect(format(Date.UTC(2024, 0, 1, 0, 5, 30), 15_000)).toBe('09:05:30');
  });
});

describe('formatting and thresholds', () => {
  it('formats readings for a wall', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(142.5, { unit: '$' })).toBe('$142.50');
    expect(formatValue(21.456, { unit: '°C', decimals: 1 })).toBe('21.5 °C');
    expect(formatValue(12_345_678, { unit: 'B/s' })).toBe('12.3 M B/s');
    expect(formatValue(12, { unit: 'jobs' })).toBe('12 jobs');
    expect(formatValue(12, { unit: 'jobs', decimals: 1 })).toBe('12.0 jobs');
  });

  it('describes a change with its direction', () => {
    expect(formatChange(100, 101.5)).toEqual({ direction: 'up', text: '+1.50 (+1.50 %)' });
    expect(formatChange(100, 99)?.direction).toBe('down');
    expect(formatChange(undefined, 5)).toBeUndefined();
    // A percentage changes by points; a relative change across zero means nothing.
    expect(formatChange(0.01, -0.26, { decimals: 2, unit: '%' })).toEqual({ direction: 'down', text: '−0.27 pp' });
    expect(formatChange(-2, 3, { decimals: 0 })).toEqual({ direction: 'up', text: '+5' });
  });

  it('grades values against thresholds in either direction', () => {
    const above = { warn: 70, critical: 90, direction: 'above' as const };
    expect(thresholdLevel(50, above)).toBe('ok');
    expect(thresholdLevel(75, above)).toBe('warn');
    expect(thresholdLevel(95, above)).toBe('critical');
    const below = { warn: 20, critical: 10, direction: 'below' as const };
    expect(thresholdLevel(15, below)).toBe('warn');
    expect(thresholdLevel(5, below)).toBe('critical');
    // No reading is no news: a status tile greys rather than showing "—" on green.
    expect(thresholdLevel(null, above)).toBe('none');
    expect(thresholdLevel(undefined, undefined)).toBe('none');
    expect(thresholdLevel(3, undefined)).toBe('ok');
  });
});
