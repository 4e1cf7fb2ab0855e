import type { RunResult, SqliteDatabase, SqliteStatement } from './sqlite-database';

/**
 * The part of `node:sqlite` used here, declared because this project's `@types/node` is Node
 * 20's, which has no `node:sqlite`.
 */
export interface NodeSqliteModule {
  DatabaseSync: new (file: string) => NodeDatabaseSync;
}

interface NodeDatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): NodeStatementSync;
  close(): void;
}

interface NodeStatementSync {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): RunResult;
}

/** A SQLite file through Node's own `node:sqlite`, on Node 24 and later. */
export function openNodeSqlite(sqlite: NodeSqliteModule, file: string): SqliteDatabase {
  const db = new sqlite.DatabaseSync(file);
  return {
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: <P extends unknown[], R>(sql: string): SqliteStatement<P, R> => {
      const statement = db.prepare(sql);
      return {
        get: (...params) => statement.get(...params) as R | undefined,
        all: (...params) => statement.all(...params) as R[],
        run: (...params) => statement.run(...params),
      };
    },
    pragma: (text) => {
      const row = db.prepare(`PRAGMA ${text}`).get() as Record<string, unknown> | undefined;
      return row === undefined ? undefined : Object.values(row)[0];
    },
    transaction: (fn) => (...args) => {
      db.exec('BEGIN');
      try {
        fn(...args);
        db.exec('COMMIT');
      } catch (err) {
        // A failed COMMIT may have ended the transaction already.
        try {
          db.exec('ROLLBACK');
        } catch {
          // nothing left to roll back
        }
        throw err;
      }
    },
    close: () => db.close(),
  };
}
