import { describe, expect, it } from 'vitest';
import { formatAge, staleness, STALE_INTERVALS, STALE_MIN_MS } from '../../web/src/state/stale';

describe('staleness', () => {
  it('is fresh up to three intervals and stale after', () => {
    expect(STALE_INTERVALS).toBe(3);
    expect(staleness(10_000, 1_000, 12_999)).toEqual({ stale: false, ageMs: 2_999 });
    expect(staleness(10_000, 1_000, 13_000)).toEqual({ stale: false, ageMs: 3_000 });
    expect(staleness(10_000, 1_000, 13_001)).toEqual({ stale: true, ageMs: 3_001 });
  });

  it('waits at least STALE_MIN_MS for a fast feed, so one late packet never flashes it stale', () => {
    expect(STALE_MIN_MS).toBe(2_000);
    expect(staleness(10_000, 100, 10_400).stale).toBe(false);
    expect(staleness(10_000, 100, 12_000).stale).toBe(false);
    expect(staleness(10_000, 100, 12_001).stale).toBe(true);
  });

  it('scales with the feed interval', () => {
    expect(staleness(0, 30_000, 60_000).stale).toBe(false);
    expect(staleness(0, 30_000, 91_000).stale).toBe(true);
  });

  it('never reports a negative age when the last sample is in the future (clock skew)', () => {
    expect(staleness(5_000, 1_000, 4_000)).toEqual({ stale: false, ageMs: 0 });
  });
});

describe('formatAge', () => {
  it('reads naturally from seconds to days', () => {
    expect(formatAge(42_300)).toBe('42 s');
    expect(formatAge(119_999)).toBe('119 s');
    expect(formatAge(5 * 60_000)).toBe('5 min');
    expect(formatAge(3 * 3_600_000)).toBe('3 h');
    expect(formatAge(3 * 86_400_000)).toBe('3 d');
  });
});
