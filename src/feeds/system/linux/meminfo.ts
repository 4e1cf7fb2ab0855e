import type { Memory } from '../system-info';

const KIB = 1024;

/**
 * Memory from /proc/meminfo, computed as `systeminformation` computes it on Linux
 * (lib/memory.js), so "used" keeps its meaning: `active` is `MemTotal - MemAvailable`,
 * memory in use that the kernel cannot reclaim (kernels before 3.14, without MemAvailable,
 * count free, buffers, page cache and slab as available).
 * @throws when there is no MemTotal (not /proc/meminfo).
 */
export function parseMeminfo(text: string): Memory {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([^:]+):\s+(\d+)/.exec(line);
    if (match) kib.set(match[1] as string, Number(match[2]));
  }
  const bytes = (key: string): number => (kib.get(key) ?? 0) * KIB;
  const total = bytes('MemTotal');
  if (!(total > 0)) throw new Error('no MemTotal in /proc/meminfo');
  const available = kib.has('MemAvailable')
    ? bytes('MemAvailable')
    : bytes('MemFree') + bytes('Buffers') + bytes('Cached') + bytes('Slab');
  const swaptotal = bytes('SwapTotal');
  return {
    total,
    active: total - available,
    available,
    swaptotal,
    swapused: swaptotal - bytes('SwapFree'),
  };
}
