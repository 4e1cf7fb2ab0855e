import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { openBetterSqlite } from './better-sqlite3-driver';
import { openNodeSqlite, type NodeSqliteModule } from './node-sqlite-driver';
import type { SqliteDatabase, SqliteDriverName } from './sqlite-database';

/**
 * better-sqlite3 12 (the last version that runs on Node 20) aborts the process on Node 24: its
 * `Statement` destructor removes an environment cleanup hook through Node's `ObjectWrap`, which
 * on 24 checks for a current Environment, and a garbage collection outside one (at exit, or in
 * some callbacks) then trips `Assertion failed: (env) != nullptr` (WiseLibs/better-sqlite3#1515,
 * closed without a fix for 12). Version 13 fixes it and needs Node 22. So on Node 24 and later
 * the store uses Node's own `node:sqlite`, the same SQLite, and better-sqlite3 below that.
 */
const NODE_SQLITE_FROM_MAJOR = 24;

/** The driver this Node uses. */
export function sqliteDriverName(nodeVersion: string = process.versions.node): SqliteDriverName {
  const major = Number(nodeVersion.split('.')[0]);
  return major >= NODE_SQLITE_FROM_MAJOR ? 'node:sqlite' : 'better-sqlite3';
}

const requireHere = createRequire(import.meta.url);

/**
 * Opens (or creates) a SQLite file with the driver that is safe on this Node. Loaded on first
 * use, so a Node that does not need a driver never loads it.
 * @throws what the driver throws when the file cannot be opened
 */
export function openSqlite(file: string, driver: SqliteDriverName = sqliteDriverName()): SqliteDatabase {
  if (driver === 'node:sqlite') return openNodeSqlite(requireHere('node:sqlite') as NodeSqliteModule, file);
  return openBetterSqlite(requireHere('better-sqlite3') as typeof BetterSqlite3, file);
}
