import type { Sample } from '../protocol';

/**
 * The newest of `samples` that fit in `bytes` of JSON. Sized from the newest sample (a topic's
 * samples are alike), so fitting costs one JSON.stringify, not one per sample.
 * @returns the samples kept, and whether any were left out
 */
export function fitHistory(samples: Sample[], bytes: number): { samples: Sample[]; truncated: boolean } {
  const newest = samples.at(-1);
  if (!newest) return { samples, truncated: false };
  // +1 for the comma between array items.
  const each = JSON.stringify(newest).length + 1;
  const fits = Math.max(0, Math.floor(bytes / each));
  return fits >= samples.length ? { samples, truncated: false } : { samples: samples.slice(samples.length - fits), truncated: true };
}
