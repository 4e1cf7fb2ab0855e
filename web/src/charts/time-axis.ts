/*
 * The x axis is a plain linear scale in epoch ms: a date adapter (and its locale
 * data) would cost more than the rest of the charts. These pick round times and
 * format them in the wall's time zone.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR,
];

/** The smallest round step that puts at most `maxTicks` ticks between min and max. */
export function timeStep(min: number, max: number, maxTicks: number): number {
  const span = Math.max(max - min, 1);
  return STEPS.find((step) => span / step <= Math.max(maxTicks, 1)) ?? (STEPS.at(-1) as number);
}

/** Tick positions at whole multiples of the step, inside [min, max]. */
export function timeTicks(min: number, max: number, maxTicks: number): number[] {
  const step = timeStep(min, max, maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max && ticks.length <= maxTicks; t += step) ticks.push(t);
  return ticks;
}

/**
 * A formatter for tick labels: "14:05" for minute steps, "14:05:30" below them.
 * @param timeZone an IANA zone, or undefined for the browser's
 */
export function createTimeFormatter(timeZone: string | undefined): (ms: number, stepMs: number) => string {
  const base = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) } as const;
  const minutes = new Intl.DateTimeFormat('en-GB', base);
  const seconds = new Intl.DateTimeFormat('en-GB', { ...base, second: '2-digit' });
  return (ms, stepMs) => (stepMs % MINUTE === 0 ? minutes : seconds).format(ms);
}
