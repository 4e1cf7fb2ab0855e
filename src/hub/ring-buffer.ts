/**
 * A fixed-capacity FIFO: pushing onto a full buffer drops the oldest item.
 * Memory is allocated once, so a topic's history never grows past its capacity.
 */
export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[(this.head + this.count) % this.capacity] = item;
    if (this.count < this.capacity) this.count += 1;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** The item `index` places from the oldest, or undefined. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.capacity];
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    return item;
  }

  /** Copies items from `start` (oldest = 0) to the newest into an array. */
  toArray(start = 0): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, start); i < this.count; i += 1) out.push(this.items[(this.head + i) % this.capacity] as T);
    return out;
  }
}
