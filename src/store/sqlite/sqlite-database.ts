/** What `run` reports. */
export interface RunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

/** A prepared statement: positional parameters `P`, rows `R`. */
export interface SqliteStatement<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): RunResult;
}

/**
 * The part of a SQLite connection the history store uses, the same over either driver:
 * better-sqlite3 or Node's own `node:sqlite`.
 */
export interface SqliteDatabase {
  /** Which driver serves it, for logs and /readyz. */
  readonly driver: SqliteDriverName;
  exec(sql: string): void;
  prepare<P extends unknown[] = [], R = unknown>(sql: string): SqliteStatement<P, R>;
  /** Runs `PRAGMA <text>` and gives the first column of its first row, if any. */
  pragma(text: string): unknown;
  /** Wraps `fn` so each call runs in one transaction, rolled back if it throws. */
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';
