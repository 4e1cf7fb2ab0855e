import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database';

/** A SQLite file through better-sqlite3, on Node 20 and 22. */
export function openBetterSqlite(Database: typeof BetterSqlite3, file: string): SqliteDatabase {
  const db = new Database(file);
  return {
    driver: 'better-sqlite3',
    exec: (sql) => void db.exec(sql),
    prepare: <P extends unknown[], R>(sql: string): SqliteStatement<P, R> => {
      const statement = db.prepare<P, R>(sql);
      return {
        get: (...params) => statement.get(...params),
        all: (...params) => statement.all(...params),
        run: (...params) => statement.run(...params),
      };
    },
    pragma: (text) => db.pragma(text, { simple: true }),
    transaction: (fn) => db.transaction(fn),
    close: () => void db.close(),
  };
}
