import type { Logger } from 'pino';
import { ERROR_CODES } from '../protocol';
import type { HistoryStore } from './history-store';
import { openSqliteStore } from './sqlite-store';
import type { StorageConfig } from './storage-config';

/** How history storage came up: on disk, in memory by choice, or in memory because the file could not be used. */
export type StorageState = { mode: 'disk'; path: string } | { mode: 'memory' } | { mode: 'memory'; path: string; code: string; error: string };

/**
 * Opens the configured store. A file that cannot be used (corrupt, unwritable, not a Livewall
 * store) is no reason to keep the wall dark: the server runs with history in memory, and says so
 * loudly, on every start, until the file is fixed.
 */
export function openStore(config: StorageConfig | false, log: Logger): { store: HistoryStore | undefined; state: StorageState } {
  if (config === false) return { store: undefined, state: { mode: 'memory' } };
  try {
    return { store: openSqliteStore(config, log), state: { mode: 'disk', path: config.path } };
  } catch (err) {
    const error = (err as Error).message;
    log.error({ err, path: config.path, code: ERROR_CODES.STORAGE_UNAVAILABLE }, 'history store cannot be used; history is kept in memory only until it can');
    return { store: undefined, state: { mode: 'memory', path: config.path, code: ERROR_CODES.STORAGE_UNAVAILABLE, error } };
  }
}
