import path from 'node:path';
import { watch } from 'chokidar';
import type { Logger } from 'pino';

/** Editors write a file in bursts (truncate, write, rename): one reload per burst. */
const SETTLE_MS = 150;

/**
 * Calls `onChange` once after each burst of changes to `file`. It watches the file's folder,
 * not the file: an editor that saves by writing a temporary file and renaming it over the
 * old one replaces the file a plain file watch is attached to.
 * @returns once the watch is in place (an edit from then on is seen), a function that stops watching
 */
export async function watchConfigFile(file: string, onChange: () => void, log: Logger): Promise<() => Promise<void>> {
  const target = path.resolve(file);
  const watcher = watch(path.dirname(target), {
    ignoreInitial: true,
    depth: 0,
    // Only the config file itself; the folder is watched so that renames over it are seen.
    ignored: (candidate) => candidate !== target && candidate !== path.dirname(target),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (changedPath: string): void => {
    if (path.resolve(changedPath) !== target) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, SETTLE_MS);
  };
  watcher.on('add', changed).on('change', changed).on('unlink', changed);
  watcher.on('error', (err) => log.warn({ err, file: target }, 'config file watch failed'));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
