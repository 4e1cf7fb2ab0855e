/**
 * A reading as a wall shows it: fixed decimals when the panel says so, else
 * a sensible number of them for the magnitude, with thin grouping.
 * @example formatValue(1234.5, { decimals: 1, unit: '%' }) // "1,234.5 %"
 */
export function formatValue(value: number | null | undefined, options: { decimals?: number | undefined; unit?: string | undefined } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const decimals = options.decimals ?? autoDecimals(value);
  const text = compact(value, decimals);
  if (!options.unit) return text;
  // Currency symbols go in front, as people read prices.
  if (CURRENCY_PREFIXES.has(options.unit)) return value < 0 ? `−${options.unit}${text.slice(1)}` : `${options.unit}${text}`;
  return `${text} ${options.unit}`;
}

const CURRENCY_PREFIXES = new Set(['$', '€', '£', '¥']);

function autoDecimals(value: number): number {
  // A count (jobs in a queue, agents, devices) reads as "12", not "12.00".
  if (Number.isInteger(value)) return 0;
  const abs = Math.abs(value);
  if (abs >= 10_000) return 0;
  if (abs >= 1000) return 1;
  return 2;
}

/**
 * One formatter per number of decimals. `toLocaleString` with options builds a new
 * `Intl.NumberFormat` on every call, and axis labels and legends format on every frame: that was
 * the wall's own costliest function in the browser bench's profile at 10 Hz.
 */
const formatters = new Map<number, Intl.NumberFormat>();
function fixed(decimals: number): Intl.NumberFormat {
  let formatter = formatters.get(decimals);
  if (!formatter) formatters.set(decimals, (formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: decimals })));
  return formatter;
}

const LARGE_UNITS: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M']];

// Large rates (bytes/s) read better as 12.3 M than 12,300,000.
function compact(value: number, decimals: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of LARGE_UNITS) {
    if (abs >= size) return `${fixed(1).format(value / size)} ${suffix}`;
  }
  return fixed(decimals).format(value);
}

/**
 * A change as "+1.23 (+0.87 %)" parts, or undefined when there is nothing to compare.
 * A percentage's change is told in points ("−0.26 pp"): a relative change of a
 * percentage, or of anything that crossed zero, reads as nonsense ("−4182 %").
 */
export function formatChange(
  from: number | undefined,
  to: number | undefined,
  options: { decimals?: number | undefined; unit?: string | undefined } = {},
): { direction: 'up' | 'down' | 'flat'; text: string } | undefined {
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  const delta = to - from;
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const magnitude = formatValue(Math.abs(delta), { decimals: options.decimals });
  if (options.unit === '%') return { direction, text: `${sign}${magnitude} pp` };
  const relative = from > 0 === to > 0 && from !== 0 ? ` (${sign}${Math.abs((delta / from) * 100).toFixed(2)} %)` : '';
  return { direction, text: `${sign}${magnitude}${relative}` };
}
