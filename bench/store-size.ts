/**
 * The history store's disk use: one simulated day of one topic at 1 Hz, written the way the server
 * writes it (a transaction a second, roll-ups merged in, retention on), on a clock of our own so
 * a day takes seconds. Two topic shapes: one field (a CPU percentage) and three (a stock).
 *
 * Figures per topic: the file after the first hour (raw samples only: bytes per raw sample), and
 * after the day (raw kept 1 h, 1-minute roll-ups, 1-hour roll-ups: bytes per topic per day). In the
 * same run, the baseline: the same samples as JSON lines, the naive log. The anchor, from Netdata's
 * documentation (not measured here): 0.6 bytes per sample at per-second resolution (its tier 0).
 *
 *   node dist/bench/store-size.js [--hours 24]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createRandom } from '../src/feeds/random';
import type { SampleValues } from '../src/protocol';
import { openSqliteStore } from '../src/store/sqlite-store';
import { round } from './support/stats';
import { formatTable, printJson } from './support/table';

const NETDATA_BYTES_PER_SAMPLE = 0.6;
const HOUR_MS = 3_600_000;

const { values: args } = parseArgs({ options: { hours: { type: 'string', default: '24' } } });
const hours = Math.max(2, Math.min(24 * 7, Number(args.hours)));

interface Shape {
  name: string;
  fields: readonly string[];
  next(random: () => number): SampleValues;
}

let price = 100;
const SHAPES: Shape[] = [
  { name: 'cpu (1 field)', fields: ['usedPct'], next: (random) => ({ usedPct: Math.round(random() * 1000) / 10 }) },
  {
    name: 'stock (3 fields)',
    fields: ['price', 'changePct', 'volume'],
    next: (random) => {
      price *= 1 + (random() - 0.5) * 0.002;
      return { price: Math.round(price * 100) / 100, changePct: Math.round((price - 100) * 100) / 100, volume: Math.floor(random() * 10_000) };
    },
  },
];

const dir = mkdtempSync(path.join(tmpdir(), 'livewall-store-size-'));

/** Writes `hours` of one topic of this shape and closes the store (which checkpoints the WAL); the file's size then. */
function simulate(shape: Shape, hours: number): { bytes: number; jsonBytes: number; samples: number; seconds: number } {
  const file = path.join(dir, `${shape.fields.length}-${hours}.db`);
  const start = Date.UTC(2026, 0, 1);
  let now = start;
  const store = openSqliteStore(
    { path: file, rawRetentionMs: HOUR_MS, minuteRetentionMs: 48 * HOUR_MS, hourRetentionMs: 90 * 24 * HOUR_MS, flushIntervalMs: 1_000 },
    pino({ level: 'silent' }),
    () => now,
  );
  store.openTopic('t', shape.fields, { maxSamples: 600, maxAgeMs: 900_000 }, now);
  const random = createRandom(7);
  price = 100;
  const samples = Math.round(hours * 3_600);
  let jsonBytes = 0;
  const started = performance.now();
  for (let seq = 1; seq <= samples; seq += 1) {
    now = start + seq * 1_000;
    const sample = { topic: 't', seq, ts: now, values: shape.next(() => random.next()) };
    store.reserve('t', seq);
    store.append(sample);
    jsonBytes += Buffer.byteLength(JSON.stringify(sample)) + 1;
    // The server flushes once a second; per minute here changes only how the transactions group.
    if (seq % 60 === 0) store.flush();
    if (seq % 600 === 0) store.retain();
  }
  store.flush();
  store.retain();
  store.close();
  return { bytes: statSync(file).size, jsonBytes, samples, seconds: (performance.now() - started) / 1000 };
}

const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
try {
  for (const shape of SHAPES) {
    // The first hour holds raw samples only (and an hour of roll-ups beside them).
    const hour = simulate(shape, 1);
    const day = simulate(shape, hours);
    const perDay = (day.bytes * 24) / hours;
    const raw = round(hour.bytes / hour.samples, 1);
    rows.push([shape.name, raw, Math.round(perDay / 1024), round(day.bytes / day.samples, 2), round(day.bytes / day.samples / NETDATA_BYTES_PER_SAMPLE, 1), round(day.jsonBytes / day.samples, 1), round(day.samples / day.seconds / 1000, 1)]);
    results.push({ shape: shape.name, rawBytesPerSample: raw, kbPerTopicPerDay: Math.round(perDay / 1024), bytesPerSampleOfDay: round(day.bytes / day.samples, 2), jsonBytesPerSample: round(day.jsonBytes / day.samples, 1) });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nOne topic at 1 Hz for ${hours} h, raw kept 1 h, 1-min roll-ups 48 h, 1-h roll-ups 90 d (SQLite file size, WAL checkpointed at close)`);
console.log(
  formatTable(['topic', 'raw B/sample', 'KB/topic/day', 'B/sample of the day', '× Netdata 0.6', 'JSON-lines B/sample', 'k samples/s written'], rows),
);
console.log('Netdata keeps every second for days at 0.6 B/sample; Livewall keeps raw samples an hour, then roll-ups.');
printJson('store-size', { hours, shapes: results });
