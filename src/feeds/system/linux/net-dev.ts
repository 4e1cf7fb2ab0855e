import type { InterfaceStats } from '../system-info';

/** One interface's byte counters since it came up. */
export interface ByteCounters {
  rxBytes: number;
  txBytes: number;
}

/**
 * Byte counters per interface from /proc/net/dev (the same counters as
 * /sys/class/net/<iface>/statistics, which `systeminformation` cats one by one).
 * @example parseNetDev('…\n  eth0: 1200 10 0 0 0 0 0 0 3400 20 0 0 0 0 0 0\n') // Map { 'eth0' => { rxBytes: 1200, txBytes: 3400 } }
 */
export function parseNetDev(text: string): Map<string, ByteCounters> {
  const counters = new Map<string, ByteCounters>();
  for (const line of text.split('\n')) {
    // Interface names cannot contain ':'; old kernels put no space between it and the first number.
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    const rxBytes = fields[0];
    const txBytes = fields[8];
    if (rxBytes === undefined || txBytes === undefined || !Number.isFinite(rxBytes) || !Number.isFinite(txBytes)) continue;
    counters.set(line.slice(0, colon).trim(), { rxBytes, txBytes });
  }
  return counters;
}

/** A reading of every interface's counters. */
export type NetReading = Map<string, ByteCounters>;

/**
 * Bytes per second for each interface in `current`, over `elapsedMs`. An interface gets null
 * rates when it has no previous reading (it just appeared) or a counter went backwards (it was
 * recreated, or a 32-bit counter wrapped): a rate is never negative and never a guess.
 */
export function interfaceRates(previous: NetReading, current: NetReading, elapsedMs: number): InterfaceStats[] {
  return [...current].map(([iface, now]) => {
    const before = previous.get(iface);
    return { iface, rx_sec: rate(before?.rxBytes, now.rxBytes, elapsedMs), tx_sec: rate(before?.txBytes, now.txBytes, elapsedMs) };
  });
}

function rate(before: number | undefined, now: number, elapsedMs: number): number | null {
  if (before === undefined || now < before || !(elapsedMs > 0)) return null;
  return ((now - before) * 1000) / elapsedMs;
}

/**
 * The counters of the interfaces `systeminformation` would list (those `os.networkInterfaces()`
 * names, which are up with an address, without `:alias` suffixes), in its order. Interfaces
 * without an address (a bridge's ports, a down link) are left out, as before.
 */
export function selectInterfaces(all: NetReading, names: readonly string[]): NetReading {
  const selected: NetReading = new Map();
  for (const name of names) {
    const iface = name.split(':')[0] as string;
    const counters = all.get(iface);
    if (counters && !selected.has(iface)) selected.set(iface, counters);
  }
  return selected;
}
