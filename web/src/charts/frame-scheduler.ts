/** Something that redraws itself when asked. */
export interface Drawable {
  draw(now: number): void;
}

export interface FrameScheduler {
  /** Asks for a redraw on the next animation frame; many asks in one frame draw once. */
  request(drawable: Drawable): void;
  /**
   * Asks for a redraw only when the drawable has not drawn for `quietMs`: the wall's one-second
   * tick (which scrolls the time axis of a quiet panel) then adds no draw to a panel its samples
   * already redraw every second or faster, which at 1 Hz halves the drawing.
   */
  requestIfQuiet(drawable: Drawable, quietMs: number): void;
  /** Forgets a drawable that is going away. */
  cancel(drawable: Drawable): void;
  /** How many frames have drawn something; shown on the page for tests. */
  readonly frames: number;
}

/**
 * Coalesces redraws into at most one per animation frame, however many samples arrive.
 * Browsers pause animation frames in hidden tabs: samples keep filling the (bounded)
 * series meanwhile, and the first frame after the tab shows draws them all at once.
 */
export function createFrameScheduler(now: () => number = Date.now, onError: (error: unknown) => void = rethrowLater): FrameScheduler {
  const dirty = new Set<Drawable>();
  const lastDrawn = new WeakMap<Drawable, number>();
  let pending = false;
  let frames = 0;

  const flush = (): void => {
    pending = false;
    const t = now();
    const batch = [...dirty];
    dirty.clear();
    for (const drawable of batch) {
      // One broken panel must not freeze the others.
      try {
        lastDrawn.set(drawable, t);
        drawable.draw(t);
      } catch (error) {
        onError(error);
      }
    }
    if (batch.length > 0) frames += 1;
  };

  const request = (drawable: Drawable): void => {
    dirty.add(drawable);
    if (!pending) {
      pending = true;
      requestAnimationFrame(flush);
    }
  };

  return {
    request,
    requestIfQuiet(drawable, quietMs) {
      if (now() - (lastDrawn.get(drawable) ?? -Infinity) >= quietMs) request(drawable);
    },
    cancel(drawable) {
      dirty.delete(drawable);
    },
    get frames() {
      return frames;
    },
  };
}

/** Reports an error the way an uncaught one is, without stopping the caller. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
