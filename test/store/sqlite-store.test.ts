import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hub } from '../../src/hub/hub';
import type { TopicMeta } from '../../src/protocol';
import type { HistoryStore } from '../../src/store/history-store';
import { openStore } from '../../src/store/open-store';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { storageSchema, type StorageConfig } from '../../src/store/storage-config';
import { openSqlite, sqliteDriverName } from '../../src/store/sqlite/open-sqlite';

const log = pino({ level: 'silent' });
const META: TopicMeta = { topic: 'sensors.room', title: 'Room', kind: 'push', intervalMs: 1000, fields: [{ name: 't', label: 'T' }, { name: 'h', label: 'H' }] };
const LIMITS = { maxSamples: 600, maxAgeMs: 15 * 60_000 };
const HOUR = 3_600_000;

let dir: string;
const stores: HistoryStore[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'livewall-store-'));
});
afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

function config(extra: Record<string, unknown> = {}): StorageConfig {
  return storageSchema.parse({ path: path.join(dir, 'livewall.db'), ...extra }) as StorageConfig;
}

function open(now: () => number, extra: Record<string, unknown> = {}): { hub: Hub; store: HistoryStore } {
  const store = openSqliteStore(config(extra), log, now);
  stores.push(store);
  const hub = new Hub({ now, store });
  hub.upsertTopic(META, LIMITS);
  return { hub, store };
}

/** Closes the newest store as a stop does: written, then shut. */
function stop(): void {
  stores.pop()?.close();
}

describe('the SQLite history store', () => {
  it('brings a topic back after a restart with its history, the same epoch, and numbering on', () => {
    let t = 1_800_000_000_000;
    const first = open(() => t);
    for (let i = 0; i < 10; i += 1) first.hub.publish(META.topic, { t: 20 + i, h: i % 2 ? null : 50 }, (t += 1000));
    const epoch = first.hub.epoch;
    stop();

    const second = open(() => t);
    expect(second.hub.epoch).toBe(epoch);
    const held = second.hub.backfill(META.topic).history;
    expect(held.map((s) => s.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(held[1]?.values).toEqual({ t: 21, h: null });
    // A client that saw seq 7 gets exactly what followed; one at 10 missed nothing.
    expect(second.hub.backfill(META.topic, 7)).toMatchObject({ recovered: true, history: [{ seq: 8 }, { seq: 9 }, { seq: 10 }] });
    expect(second.hub.backfill(META.topic, 10)).toEqual({ recovered: true, history: [] });
    // Numbering goes on past everything the last run may have issued, never reusing one.
    const next = second.hub.publish(META.topic, { t: 1, h: 1 }, (t += 1000));
    expect(next.seq).toBeGreaterThan(10);
    expect(second.hub.backfill(META.topic, 10)).toMatchObject({ recovered: true, history: [{ seq: next.seq }] });
  });

  it('never reuses a seq that a run issued but did not write (a crash before the flush)', () => {
    let t = 1_800_000_000_000;
    const first = open(() => t);
    const issued = Array.from({ length: 5 }, () => first.hub.publish(META.topic, { t: 1, h: 1 }, (t += 1000)).seq);
    // No close: the queued samples are lost, as on SIGKILL; reservations were written when issued.
    stores.pop();
    const second = open(() => t);
    expect(second.hub.backfill(META.topic).history).toEqual([]);
    expect(second.hub.publish(META.topic, { t: 1, h: 1 }, (t += 1000)).seq).toBeGreaterThan(Math.max(...issued));
  });

  it('keeps 1-minute and 1-hour roll-ups that match the raw samples', () => {
    let t = Date.UTC(2026, 10, 27, 10, 0, 0);
    const start = t;
    const { hub, store } = open(() => t);
    const raw: { ts: number; t: number }[] = [];
    for (let i = 0; i < 180; i += 1) {
      const value = Math.round(Math.sin(i / 7) * 1000) / 100;
      t += 1000;
      hub.publish(META.topic, { t: value, h: null }, t);
      raw.push({ ts: t, t: value });
    }
    store.flush();
    const range = store.query(META.topic, start, t, 60_000, 1000);
    expect(range.tier).toBe('minute');
    if (range.tier === 'raw') throw new Error('expected roll-ups');
    for (const point of range.points) {
      const inBucket = raw.filter((sample) => sample.ts >= point.ts && sample.ts < point.ts + 60_000).map((sample) => sample.t);
      expect(point.values.t).toEqual({
        min: Math.min(...inBucket),
        max: Math.max(...inBucket),
        mean: expect.closeTo(inBucket.reduce((a, b) => a + b, 0) / inBucket.length, 9),
        last: inBucket.at(-1),
      });
      expect(point.values.h).toBeUndefined();
    }
    expect(range.points.map((point) => point.ts)).toEqual([start, start + 60_000, start + 120_000, start + 180_000].filter((ts) => raw.some((s) => s.ts >= ts && s.ts < ts + 60_000)));
    // A short range at a fine step is served raw.
    const recent = store.query(META.topic, t - 10_000, t, 1000, 1000);
    expect(recent.tier).toBe('raw');
    if (recent.tier === 'raw') expect(recent.samples.map((s) => s.values.t)).toEqual(raw.filter((s) => s.ts >= t - 10_000).map((s) => s.t));
  });

  it('retention deletes what is older than each tier keeps, and nothing more', () => {
    let t = Date.UTC(2026, 10, 27, 0, 0, 0);
    const { hub, store } = open(() => t, { rawRetentionMs: HOUR, minuteRetentionMs: 2 * HOUR, hourRetentionMs: 24 * HOUR });
    // One sample a minute for three hours.
    for (let i = 0; i < 180; i += 1) hub.publish(META.topic, { t: i, h: null }, (t += 60_000));
    store.flush();
    store.retain();
    // Read the file itself: what is left of each tier.
    // Through the driver this Node uses (better-sqlite3, or node:sqlite from Node 24).
    const db = openSqlite(path.join(dir, 'livewall.db'));
    try {
      const raw = db.prepare<[], { ts: number }>('SELECT ts FROM samples ORDER BY ts').all().map((row) => row.ts);
      // Exactly the last hour: the samples at t - 60 min through t.
      expect(raw).toEqual(Array.from({ length: 61 }, (_, i) => t - HOUR + i * 60_000));
      const buckets = (tier: number) => db.prepare<[number], { bucket: number }>('SELECT DISTINCT bucket FROM rollups WHERE tier = ? ORDER BY bucket').all(tier).map((row) => row.bucket);
      expect(buckets(60_000)).toEqual(Array.from({ length: 121 }, (_, i) => t - 2 * HOUR + i * 60_000));
      expect(buckets(HOUR)).toEqual([0, 1, 2, 3].map((h) => Date.UTC(2026, 10, 27, h)));
    } finally {
      db.close();
    }
    // What was kept is still served: the last hour raw, older ranges from the roll-ups.
    expect(store.query(META.topic, t - HOUR, t, 1000, 1000).tier).toBe('raw');
    expect(store.query(META.topic, t - 90 * 60_000, t, 1000, 1000).tier).toBe('minute');
  });

  it('stops writing at its size cap as on a full disk, says so, and never throws into the live path', () => {
    let t = 1_800_000_000_000;
    const { hub, store } = open(() => t, { maxBytes: 1024 * 1024, flushIntervalMs: 10_000 });
    for (let i = 0; i < 60_000; i += 1) {
      hub.publish(META.topic, { t: i, h: i }, (t += 1));
      if (i % 5_000 === 0) store.flush();
    }
    store.flush();
    expect(store.health()).toMatchObject({ ok: false, error: expect.stringMatching(/full/) });
    expect(store.health().droppedSamples).toBeGreaterThan(0);
    // The live path went on: every sample is in the ring (up to its size).
    expect(hub.get(META.topic)?.history.lastSeq).toBe(60_000);
  });
});

describe('opening a store that cannot be used', () => {
  it('falls back to memory with a coded error for a file that is not a database', async () => {
    const file = path.join(dir, 'livewall.db');
    await writeFile(file, 'this is not a SQLite file, but somebody\'s notes '.repeat(100));
    const { store, state } = openStore(config(), log);
    expect(store).toBeUndefined();
    expect(state).toMatchObject({ mode: 'memory', path: file, code: 'LIVEWALL_ERR_STORAGE_UNAVAILABLE', error: expect.stringMatching(/not a database/) });
  });

  it('falls back to memory when the folder cannot be made', async () => {
    // Its parent is a file, not a folder.
    await writeFile(path.join(dir, 'notes.txt'), 'notes');
    const { store, state } = openStore(storageSchema.parse({ path: path.join(dir, 'notes.txt', 'livewall.db') }) as StorageConfig, log);
    expect(store).toBeUndefined();
    expect(state).toMatchObject({ mode: 'memory', code: 'LIVEWALL_ERR_STORAGE_UNAVAILABLE' });
  });
});

describe('the SQLite driver', () => {
  it('is better-sqlite3 below Node 24, and node:sqlite from 24, where better-sqlite3 12 aborts at exit', () => {
    expect(sqliteDriverName('20.20.2')).toBe('better-sqlite3');
    expect(sqliteDriverName('22.23.3')).toBe('better-sqlite3');
    expect(sqliteDriverName('24.21.0')).toBe('node:sqlite');
    expect(sqliteDriverName('26.0.0')).toBe('node:sqlite');
  });
});
