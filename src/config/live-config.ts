import { createHash } from 'node:crypto';
import type { ConfigState } from '../protocol';
import { ConfigError, loadConfig } from './load';
import type { Config } from './schema';

/** What a reload did. */
export type ReloadResult = { ok: true; changed: boolean; config: Config } | { ok: false; problems: readonly string[] };

/**
 * The config the server runs, and whether its file is good. A reload that fails keeps the
 * running config and records the problems; one that succeeds replaces it.
 */
export interface LiveConfig {
  readonly current: Config;
  /** The file it reloads from, if any. */
  readonly file: string | undefined;
  readonly state: ConfigState;
  /**
   * Reads the file again. Reloads never overlap: one asked for while another runs waits for it.
   * Without a file, there is nothing to read and the current config stays.
   */
  reload(): Promise<ReloadResult>;
  /** Called after each reload that changed the state (a new config, or new problems). Returns a remover. */
  onChange(listener: (state: ConfigState, next: Config, previous: Config) => void): () => void;
}

/** A short, stable name of a config's content, so walls can tell which one they laid themselves out from. */
export function configVersion(config: Config): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
}

/**
 * @param view turns a loaded config into the one this server runs (a cluster node names its
 *   per-host topics after itself); applied to every reload too
 */
export function createLiveConfig(
  loaded: Config,
  file?: string,
  env?: Readonly<Record<string, string | undefined>>,
  view: (config: Config) => Config = (config) => config,
): LiveConfig {
  const initial = view(loaded);
  let current = initial;
  let state: ConfigState = { version: configVersion(initial), ok: true, problems: [] };
  const listeners = new Set<(state: ConfigState, next: Config, previous: Config) => void>();
  let running: Promise<ReloadResult> = Promise.resolve({ ok: true, changed: false, config: initial });

  const readOnce = async (): Promise<ReloadResult> => {
    if (file === undefined) return { ok: true, changed: false, config: current };
    const previous = current;
    const previousState = state;
    let result: ReloadResult;
    try {
      const next = view(await loadConfig(file, env));
      const version = configVersion(next);
      result = { ok: true, changed: version !== state.version, config: next };
      current = next;
      state = { version, ok: true, problems: [] };
    } catch (err) {
      const problems = err instanceof ConfigError ? err.problems : [String(err)];
      result = { ok: false, problems };
      state = { version: state.version, ok: false, problems: [...problems] };
    }
    const stateChanged = state.version !== previousState.version || state.ok !== previousState.ok || state.problems.join('\n') !== previousState.problems.join('\n');
    if (stateChanged) for (const listener of listeners) listener(state, current, previous);
    return result;
  };

  return {
    get current() {
      return current;
    },
    file,
    get state() {
      return state;
    },
    reload() {
      running = running.then(readOnce, readOnce);
      return running;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
