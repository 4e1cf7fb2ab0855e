import { describe, expect, it } from 'vitest';
import { atGridTime } from '../../src/feeds/grid-timer';

describe('atGridTime', () => {
  it('calls everything due at one time in the same turn, before any setImmediate', async () => {
    const at = Date.now() + 30;
    const seen: string[] = [];
    const mark = (name: string) => () => {
      seen.push(name);
      // An immediate set by the first call must run after all of them.
      if (name === 'a') setImmediate(() => seen.push('immediate'));
    };
    atGridTime(at, mark('a'));
    // Set a few milliseconds later, aimed at the same time.
    await new Promise((resolve) => setTimeout(resolve, 5));
    atGridTime(at, mark('b'));
    atGridTime(at, mark('c'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen).toEqual(['a', 'b', 'c', 'immediate']);
  });

  it('cancels one call without the others, and the timer when none is left', async () => {
    const at = Date.now() + 20;
    const seen: string[] = [];
    const cancelA = atGridTime(at, () => seen.push('a'));
    atGridTime(at, () => seen.push('b'));
    cancelA();
    const later = at + 5;
    const cancelC = atGridTime(later, () => seen.push('c'));
    cancelC();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(seen).toEqual(['b']);
  });
});
