import { describe, expect, it } from 'vitest';
import { createServerClock } from '../../web/src/net/server-clock';

/** A browser clock the test moves by hand. */
function manualClock(start: number) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('server clock', () => {
  it('reads the browser clock until the server has said anything', () => {
    const local = manualClock(1_000);
    const clock = createServerClock(local.now);
    expect(clock.offsetMs).toBe(0);
    expect(clock.now()).toBe(1_000);
  });

  it('follows a server running behind a fast browser clock, taking the least-delayed arrival', () => {
    // The browser is 6 minutes ahead; network delays vary from 5 to 80 ms.
    const local = manualClock(1_700_000_360_000);
    const serverAt = (browser: number) => browser - 360_000;
    const clock = createServerClock(local.now);
    for (const delay of [80, 5, 40, 12]) {
      clock.observe(serverAt(local.now()) - delay);
      local.advance(100);
    }
    expect(clock.offsetMs).toBe(-360_005);
    expect(clock.now() - serverAt(local.now())).toBe(-5);
  });

  it('follows a server running ahead of the browser', () => {
    const local = manualClock(50_000);
    const clock = createServerClock(local.now);
    clock.observe(50_000 + 90_000 - 3);
    expect(clock.offsetMs).toBe(89_997);
  });

  it('forgets old estimates, so a corrected browser clock is followed within the window', () => {
    const local = manualClock(0);
    const clock = createServerClock(local.now, 4);
    clock.observe(10_000); // the browser was 10 s behind
    expect(clock.offsetMs).toBe(10_000);
    local.advance(10_000); // now it has been corrected
    for (let i = 0; i < 4; i += 1) clock.observe(local.now() + 20);
    expect(clock.offsetMs).toBe(20);
  });

  it('ignores timestamps that are not numbers', () => {
    const clock = createServerClock(() => 0);
    clock.observe(Number.NaN);
    clock.observe(Number.POSITIVE_INFINITY);
    expect(clock.offsetMs).toBe(0);
  });
});
