/** Listener maps whose keys are event names and values are listener signatures. */
export type EventMap = { [event: string]: (...args: never[]) => void };

/**
 * A minimal typed emitter. A throwing listener is reported and does not stop
 * the others: one broken panel must not blank the wall.
 */
export class Emitter<Events extends EventMap> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (err) {
        // Surface it without breaking the loop; the page's error reporting sees it.
        setTimeout(() => {
          throw err;
        }, 0);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
