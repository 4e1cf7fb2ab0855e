/** Time, for rates and waits; tests move it by hand. */
export interface Clock {
  /** Monotonic ms. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** How one kind of counter turns two readings into a result. */
export interface DeltaSamplerOptions<Reading, Result> {
  read(): Promise<Reading>;
  /** The result over the interval between two readings, `elapsedMs` apart. */
  between(previous: Reading, current: Reading, elapsedMs: number): Result;
  /** The result when there is no previous reading yet. */
  first(current: Reading): Result;
  clock: Clock;
  /**
   * Calls closer together than this get the last result again instead of a new reading, as
   * `systeminformation` does (200 ms for CPU, 500 ms for network): two feeds of one metric
   * polling at once would otherwise measure a near-empty interval.
   */
  minIntervalMs: number;
  /**
   * When set, the first call does not answer `first`: it reads, waits this long, and answers
   * the change over that wait, as `systeminformation`'s first `currentLoad()` does (500 ms).
   */
  firstIntervalMs?: number;
}

/**
 * Reads a counter and reports its change since the previous call. One sampler serves every
 * feed of a metric, like `systeminformation`'s module-level state did.
 * @example
 * const sample = createDeltaSampler({ read, between: cpuLoadBetween, first: () => NO_CPU_LOAD, clock, minIntervalMs: 200 });
 * await sample(); // NO_CPU_LOAD: nothing to compare with yet
 * await sample(); // the load since the first call
 */
export function createDeltaSampler<Reading, Result>(options: DeltaSamplerOptions<Reading, Result>): () => Promise<Result> {
  const { clock, firstIntervalMs } = options;
  let previous: { reading: Reading; at: number; result: Result } | undefined;
  let reading: Promise<Result> | undefined;
  let primed: Promise<void> | undefined;
  const readAndCompare = async (): Promise<Result> => {
    try {
      const current = await options.read();
      const at = clock.now();
      const result = previous ? options.between(previous.reading, current, at - previous.at) : options.first(current);
      previous = { reading: current, at, result };
      return result;
    } finally {
      reading = undefined;
    }
  };
  const sample = (): Promise<Result> => {
    if (previous && clock.now() - previous.at < options.minIntervalMs) return Promise.resolve(previous.result);
    // Calls that arrive while a read is in flight share it.
    reading ??= readAndCompare();
    return reading;
  };
  return async () => {
    if (firstIntervalMs !== undefined) {
      // Feeds that call during the wait share it; a failed first read lets the next call start over.
      primed ??= sample().then(
        () => clock.sleep(firstIntervalMs),
        (err: unknown) => {
          primed = undefined;
          throw err;
        },
      );
      await primed;
    }
    return sample();
  };
}
