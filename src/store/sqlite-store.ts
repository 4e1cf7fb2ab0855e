import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RollupPoint, Sample } from '../protocol';
import type { HistoryStore, StoredTopic, StoreHealth } from './history-store';
import { aggregate, bucketOf, TIERS, type Buckets, type FieldAggregate, type RollupTier } from './rollups';
import type { StorageConfig } from './storage-config';
import { openSqlite } from './sqlite/open-sqlite';
import type { SqliteDatabase } from './sqlite/sqlite-database';
import { decodeValues, encodeValues } from './value-codec';

/** Seqs reserved at a time: one synchronous write per this many samples of a topic. */
const RESERVE_BLOCK = 1_000;
/** Rows retention deletes per table per run: a bounded cost, whatever the backlog. */
const RETENTION_BATCH = 5_000;
const RETENTION_EVERY_MS = 60_000;
/** While writes fail, samples are dropped rather than queued without bound; writing is tried again this often. */
const RETRY_WRITES_MS = 10_000;
const MAX_QUEUE = 100_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS topics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, reserved_seq INTEGER NOT NULL DEFAULT 0, layout INTEGER);
  CREATE TABLE IF NOT EXISTS layouts (id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, fields TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS samples (
    topic_id INTEGER NOT NULL, ts INTEGER NOT NULL, seq INTEGER NOT NULL, layout INTEGER NOT NULL, vals BLOB NOT NULL,
    PRIMARY KEY (topic_id, ts, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS rollups (
    tier INTEGER NOT NULL, topic_id INTEGER NOT NULL, bucket INTEGER NOT NULL, field TEXT NOT NULL,
    min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL, last REAL NOT NULL,
    PRIMARY KEY (tier, topic_id, bucket, field)
  ) WITHOUT ROWID;
`;

interface TopicRow {
  id: number;
  reservedSeq: number;
  layout: number;
  fields: readonly string[];
}

/**
 * The history store in a SQLite file (better-sqlite3, or `node:sqlite` on Node 24: see
 * `sqlite/open-sqlite.ts`), in WAL mode. Samples are queued and
 * written once per `flushIntervalMs` in one transaction, with their 1-minute and 1-hour roll-ups
 * merged in the same one; retention runs once a minute, a bounded number of rows at a time.
 * Values are stored as float64s in the order of the topic's layout (its fields when written).
 * @throws when the file cannot be opened or is not a Livewall store (the caller falls back to memory)
 */
export function openSqliteStore(config: StorageConfig, log: Logger, now: () => number = Date.now): HistoryStore {
  mkdirSync(path.dirname(path.resolve(config.path)), { recursive: true });
  const db = openSqlite(config.path);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL: a commit survives the process dying (the OS holds it); only losing power can undo the last ones.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    if (config.maxBytes !== undefined) db.pragma(`max_page_count = ${Math.max(1, Math.floor(config.maxBytes / Number(db.pragma('page_size'))))}`);
  } catch (err) {
    db.close();
    throw err;
  }
  const epoch = readOrCreateEpoch(db);

  const statements = {
    topic: db.prepare<[string], { id: number; reserved_seq: number; layout: number | null }>('SELECT id, reserved_seq, layout FROM topics WHERE name = ?'),
    addTopic: db.prepare<[string]>('INSERT INTO topics (name) VALUES (?)'),
    layout: db.prepare<[number], { fields: string }>('SELECT fields FROM layouts WHERE id = ?'),
    addLayout: db.prepare<[number, string]>('INSERT INTO layouts (topic_id, fields) VALUES (?, ?)'),
    setLayout: db.prepare<[number, number]>('UPDATE topics SET layout = ? WHERE id = ?'),
    reserve: db.prepare<[number, number]>('UPDATE topics SET reserved_seq = max(reserved_seq, ?) WHERE id = ?'),
    newest: db.prepare<[number, number, number], { ts: number; seq: number; layout: number; vals: Uint8Array }>(
      'SELECT ts, seq, layout, vals FROM samples WHERE topic_id = ? AND ts >= ? ORDER BY ts DESC, seq DESC LIMIT ?',
    ),
    maxSeq: db.prepare<[number], { seq: number | null }>('SELECT max(seq) AS seq FROM samples WHERE topic_id = ?'),
    insert: db.prepare<[number, number, number, number, Uint8Array]>('INSERT OR IGNORE INTO samples (topic_id, ts, seq, layout, vals) VALUES (?, ?, ?, ?, ?)'),
    mergeRollup: db.prepare<[number, number, number, string, number, number, number, number, number]>(`
      INSERT INTO rollups (tier, topic_id, bucket, field, min, max, sum, count, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (tier, topic_id, bucket, field) DO UPDATE SET
        min = min(min, excluded.min), max = max(max, excluded.max), sum = sum + excluded.sum, count = count + excluded.count, last = excluded.last`),
    rawRange: db.prepare<[number, number, number, number], { ts: number; seq: number; layout: number; vals: Uint8Array }>(
      'SELECT ts, seq, layout, vals FROM samples WHERE topic_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, seq LIMIT ?',
    ),
    rawCount: db.prepare<[number, number, number], { n: number }>('SELECT count(*) AS n FROM samples WHERE topic_id = ? AND ts >= ? AND ts <= ?'),
    rollupRange: db.prepare<[number, number, number, number], { bucket: number; field: string; min: number; max: number; sum: number; count: number; last: number }>(
      'SELECT bucket, field, min, max, sum, count, last FROM rollups WHERE tier = ? AND topic_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket',
    ),
    oldestRaw: db.prepare<[number], { ts: number | null }>('SELECT min(ts) AS ts FROM samples WHERE topic_id = ?'),
    deleteRaw: db.prepare<[number, number]>(
      `DELETE FROM samples WHERE (topic_id, ts, seq) IN (SELECT topic_id, ts, seq FROM samples WHERE topic_id = ? AND ts < ? LIMIT ${RETENTION_BATCH})`,
    ),
    deleteRollups: db.prepare<[number, number, number]>(
      `DELETE FROM rollups WHERE (tier, topic_id, bucket, field) IN (SELECT tier, topic_id, bucket, field FROM rollups WHERE tier = ? AND topic_id = ? AND bucket < ? LIMIT ${RETENTION_BATCH})`,
    ),
    topicIds: db.prepare<[], { id: number }>('SELECT id FROM topics'),
  };

  const topics = new Map<string, TopicRow>();
  const layouts = new Map<number, readonly string[]>();
  let queue: Sample[] = [];
  let failing: { error: string; since: number } | undefined;
  let dropped = 0;
  let closed = false;

  const fieldsOfLayout = (id: number): readonly string[] => {
    let fields = layouts.get(id);
    if (!fields) {
      fields = JSON.parse(statements.layout.get(id)?.fields ?? '[]') as string[];
      layouts.set(id, fields);
    }
    return fields;
  };

  const toSample = (topic: string, row: { ts: number; seq: number; layout: number; vals: Uint8Array }): Sample => ({
    topic,
    seq: row.seq,
    ts: row.ts,
    values: decodeValues(row.vals, fieldsOfLayout(row.layout)),
  });

  const writeBatch = db.transaction((batch: readonly Sample[]) => {
    const byTopic = new Map<TopicRow, Sample[]>();
    for (const sample of batch) {
      const row = topics.get(sample.topic);
      if (!row) continue;
      statements.insert.run(row.id, sample.ts, sample.seq, row.layout, encodeValues(sample.values, row.fields));
      let list = byTopic.get(row);
      if (!list) byTopic.set(row, (list = []));
      list.push(sample);
    }
    for (const [row, samples] of byTopic) {
      for (const lengthMs of Object.values(TIERS)) mergeRollups(row.id, lengthMs, aggregate(samples, lengthMs));
    }
  });

  const mergeRollups = (topicId: number, lengthMs: number, buckets: Buckets): void => {
    for (const [bucket, fields] of buckets) {
      for (const [field, a] of fields) statements.mergeRollup.run(lengthMs, topicId, bucket, field, a.min, a.max, a.sum, a.count, a.last);
    }
  };

  const flush = (): void => {
    if (closed || queue.length === 0) return;
    if (failing && now() - failing.since < RETRY_WRITES_MS) return;
    const batch = queue;
    queue = [];
    try {
      writeBatch(batch);
      if (failing) log.warn({ path: config.path }, 'history store writes again');
      failing = undefined;
    } catch (err) {
      // A full disk or a file gone read-only: the live path goes on, this batch is lost, writing is retried later.
      dropped += batch.length;
      if (!failing) log.error({ err, path: config.path }, 'history store cannot write; samples are not kept on disk until it can');
      failing = { error: (err as Error).message, since: now() };
    }
  };

  const retain = (): void => {
    if (closed || failing) return;
    const t = now();
    try {
      for (const { id } of statements.topicIds.all()) {
        statements.deleteRaw.run(id, t - config.rawRetentionMs);
        statements.deleteRollups.run(TIERS.minute, id, t - config.minuteRetentionMs);
        statements.deleteRollups.run(TIERS.hour, id, t - config.hourRetentionMs);
      }
    } catch (err) {
      log.error({ err, path: config.path }, 'history store retention failed');
    }
  };

  const flushTimer = setInterval(flush, config.flushIntervalMs);
  flushTimer.unref();
  const retentionTimer = setInterval(retain, RETENTION_EVERY_MS);
  retentionTimer.unref();

  return {
    epoch,
    openTopic(topic, fields, limits, t): StoredTopic {
      let found = statements.topic.get(topic);
      if (!found) {
        statements.addTopic.run(topic);
        found = statements.topic.get(topic) as NonNullable<typeof found>;
      }
      let layout = found.layout;
      if (layout === null || JSON.stringify(fieldsOfLayout(layout)) !== JSON.stringify(fields)) {
        layout = Number(statements.addLayout.run(found.id, JSON.stringify(fields)).lastInsertRowid);
        statements.setLayout.run(layout, found.id);
        layouts.set(layout, [...fields]);
      }
      // A store written before reservations, or one whose reservation lagged, still never goes below what it holds.
      const reservedSeq = Math.max(found.reserved_seq, statements.maxSeq.get(found.id)?.seq ?? 0);
      topics.set(topic, { id: found.id, reservedSeq, layout, fields: [...fields] });
      const samples = statements.newest.all(found.id, t - limits.maxAgeMs, limits.maxSamples).reverse().map((row) => toSample(topic, row));
      return { samples, reservedSeq };
    },
    reserve(topic, seq) {
      const row = topics.get(topic);
      if (!row || seq <= row.reservedSeq) return;
      const upTo = seq + RESERVE_BLOCK;
      statements.reserve.run(upTo, row.id);
      row.reservedSeq = upTo;
    },
    append(sample) {
      if (closed) return;
      if (queue.length >= MAX_QUEUE) {
        dropped += 1;
        return;
      }
      queue.push(sample);
    },
    flush,
    retain,
    query(topic, from, to, stepMs, maxPoints) {
      const row = topics.get(topic);
      if (!row) return { tier: 'raw', stepMs: null, samples: [] };
      const span = Math.max(1, to - from);
      const step = Math.max(stepMs, span / maxPoints);
      const rawFrom = statements.oldestRaw.get(row.id)?.ts;
      if (step < TIERS.minute && rawFrom !== null && rawFrom !== undefined && rawFrom <= from + step && (statements.rawCount.get(row.id, from, to)?.n ?? 0) <= maxPoints) {
        return { tier: 'raw', stepMs: null, samples: statements.rawRange.all(row.id, from, to, maxPoints).map((r) => toSample(topic, r)) };
      }
      const tier: RollupTier = step < TIERS.hour && from >= now() - config.minuteRetentionMs ? 'minute' : 'hour';
      const lengthMs = TIERS[tier];
      // Buckets of the tier, merged into buckets of the step (a whole number of them): no more points than asked for.
      const stepOut = Math.max(lengthMs, Math.floor(step / lengthMs) * lengthMs);
      const rows = statements.rollupRange.all(lengthMs, row.id, from - stepOut, to);
      return { tier, stepMs: stepOut, points: rollupPoints(rows, stepOut).slice(-maxPoints) };
    },
    health(): StoreHealth {
      return { ok: !failing, ...(failing ? { error: failing.error } : {}), droppedSamples: dropped, bytes: fileBytes(config.path) };
    },
    close() {
      if (closed) return;
      clearInterval(flushTimer);
      clearInterval(retentionTimer);
      failing = undefined;
      flush();
      closed = true;
      db.close();
    },
  };
}

function readOrCreateEpoch(db: SqliteDatabase): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'epoch'").get();
  if (row) return row.value;
  const epoch = randomUUID();
  db.prepare<[string]>("INSERT INTO meta (key, value) VALUES ('epoch', ?)").run(epoch);
  return epoch;
}

/** Rows of one tier (one per bucket and field, in bucket order) merged into points of `stepMs`, oldest first. */
function rollupPoints(rows: readonly { bucket: number; field: string; min: number; max: number; sum: number; count: number; last: number }[], stepMs: number): RollupPoint[] {
  const merged: { ts: number; fields: Map<string, FieldAggregate> }[] = [];
  for (const row of rows) {
    const ts = bucketOf(row.bucket, stepMs);
    let point = merged.at(-1);
    if (point?.ts !== ts) merged.push((point = { ts, fields: new Map() }));
    const current = point.fields.get(row.field);
    if (!current) point.fields.set(row.field, { min: row.min, max: row.max, sum: row.sum, count: row.count, last: row.last });
    else {
      current.min = Math.min(current.min, row.min);
      current.max = Math.max(current.max, row.max);
      current.sum += row.sum;
      current.count += row.count;
      current.last = row.last;
    }
  }
  return merged.map(({ ts, fields }) => {
    const values: RollupPoint['values'] = {};
    for (const [field, a] of fields) values[field] = { min: a.min, max: a.max, mean: a.count > 0 ? a.sum / a.count : a.last, last: a.last };
    return { ts, values };
  });
}

function fileBytes(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      bytes += statSync(`${file}${suffix}`).size;
    } catch {
      // Not there (yet): nothing to count.
    }
  }
  return bytes;
}
