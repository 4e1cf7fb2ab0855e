import { z } from 'zod';

/** A seedable source of random numbers, so simulated feeds can be replayed exactly in tests. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
}

/**
 * mulberry32: a tiny, fast 32-bit generator, plenty for simulated data.
 * Without a seed it starts from `Math.random()`.
 */
export function createRandom(seed?: number): Random {
  let state = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    // Box–Muller; 1 - u keeps the log's argument in (0, 1].
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

/** The config option that fixes a simulated feed's random sequence. */
export const seedSchema = z.number().int().min(0).max(2 ** 32 - 1).optional().describe('Fixes the random sequence, for repeatable runs.');
