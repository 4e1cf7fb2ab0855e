import { afterEach, describe, expect, it, vi } from 'vitest';
import { usableTimeZone } from '../../web/src/state/time-zone';

afterEach(() => vi.restoreAllMocks());

describe('usableTimeZone', () => {
  it('keeps a zone the runtime knows, and the browser default when none is set', () => {
    expect(usableTimeZone('Europe/London')).toBe('Europe/London');
    expect(usableTimeZone(null)).toBeUndefined();
    expect(usableTimeZone(undefined)).toBeUndefined();
  });

  it('falls back to the browser zone, with a warning, for a zone the runtime lacks', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(usableTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Mars/Olympus_Mons'));
  });
});
