import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFrameScheduler, type Drawable } from '../../web/src/charts/frame-scheduler';

/** Stands in for the browser's animation frames: `frame()` runs what was requested. */
function fakeFrames() {
  let callbacks: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    callbacks.push(callback);
    return callbacks.length;
  });
  return {
    get requested() {
      return callbacks.length;
    },
    frame() {
      const due = callbacks;
      callbacks = [];
      due.forEach((callback) => callback(0));
    },
  };
}

function drawable(): Drawable & { draws: number[] } {
  const draws: number[] = [];
  return { draws, draw: (now) => draws.push(now) };
}

afterEach(() => vi.unstubAllGlobals());

describe('frame scheduler', () => {
  it('adds a tick draw only to a panel that has not drawn for the quiet time', () => {
    const frames = fakeFrames();
    let t = 10_000;
    const scheduler = createFrameScheduler(() => t);
    const [busy, quiet] = [drawable(), drawable()];
    // Never drawn: a tick draws both.
    scheduler.requestIfQuiet(busy, 900);
    scheduler.requestIfQuiet(quiet, 900);
    frames.frame();
    expect([busy.draws.length, quiet.draws.length]).toEqual([1, 1]);
    // Samples redraw the busy one 400 ms later; at the next tick (1 s on) only the quiet one draws.
    t += 400;
    scheduler.request(busy);
    frames.frame();
    t += 600;
    scheduler.requestIfQuiet(busy, 900);
    scheduler.requestIfQuiet(quiet, 900);
    frames.frame();
    expect([busy.draws.length, quiet.draws.length]).toEqual([2, 2]);
  });

  it('draws each panel at most once per frame, however many samples asked', () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler(() => 1234);
    const [a, b] = [drawable(), drawable()];
    for (let i = 0; i < 1000; i += 1) {
      scheduler.request(a);
      scheduler.request(b);
    }
    expect(frames.requested).toBe(1);
    frames.frame();
    expect(a.draws).toEqual([1234]);
    expect(b.draws).toEqual([1234]);
    expect(scheduler.frames).toBe(1);
    // Nothing asked: the next frame is not even requested.
    expect(frames.requested).toBe(0);
  });

  it('catches up in one draw after frames pause (a hidden tab)', () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler();
    const panel = drawable();
    // The browser runs no frames while hidden: requests pile up as one pending draw.
    for (let i = 0; i < 600; i += 1) scheduler.request(panel);
    frames.frame();
    expect(panel.draws).toHaveLength(1);
  });

  it('forgets a cancelled panel', () => {
    const frames = fakeFrames();
    const scheduler = createFrameScheduler();
    const panel = drawable();
    scheduler.request(panel);
    scheduler.cancel(panel);
    frames.frame();
    expect(panel.draws).toEqual([]);
    expect(scheduler.frames).toBe(0);
  });

  it('keeps drawing the other panels when one throws, and reports the error', () => {
    const frames = fakeFrames();
    const errors: unknown[] = [];
    const scheduler = createFrameScheduler(() => 7, (error) => errors.push(error));
    const broken: Drawable = {
      draw() {
        throw new Error('broken panel');
      },
    };
    const [a, b] = [drawable(), drawable()];
    scheduler.request(a);
    scheduler.request(broken);
    scheduler.request(b);
    frames.frame();
    expect(a.draws).toEqual([7]);
    expect(b.draws).toEqual([7]);
    expect(errors).toEqual([new Error('broken panel')]);
  });
});
