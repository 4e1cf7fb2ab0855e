import cluster, { type Worker } from 'node:cluster';
import { constants } from 'node:os';
import { loadConfig } from '../config/load';
import { isWorkerListening } from './worker-messages';

/** The variable that tells a forked process which worker it is. */
export const WORKER_ENV = 'LIVEWALL_WORKER';
/** A worker that crashes more often than this within the window is not started again, and the primary exits. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
/** How long the primary waits for its workers to close before it kills them. */
const SHUTDOWN_LIMIT_MS = 3_000;

export interface WorkersOptions {
  config: string;
  workers: number;
}

/** The worker number of this process, when it is one of `serve --workers`. */
export function workerIndex(): number | undefined {
  if (!cluster.isWorker) return undefined;
  const index = Number(process.env[WORKER_ENV]);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

/**
 * `livewall serve --workers N`, the primary: forks N workers that each run the server on the
 * same port (Node's cluster module hands connections round-robin) as nodes of one cluster, so
 * the config needs its `cluster` section: a viewer on any worker sees every topic through the
 * Redis adapter, and each shared feed runs once. Prints one "serving" line once every worker
 * listens, restarts a worker that dies (within bounds), and passes signals on.
 */
export async function serveWorkers(options: WorkersOptions): Promise<void> {
  const config = await loadConfig(options.config);
  if (!config.cluster) {
    throw new Error(`--workers runs a cluster of one machine's workers, which share viewers and feeds through Redis: add a "cluster": { "redis": "redis://…" } section to ${options.config}`);
  }
  const restarts = new Map<number, number[]>();
  const listening = new Set<number>();
  let announced = false;
  let shuttingDown = false;

  const fork = (index: number): Worker => {
    const worker = cluster.fork({ [WORKER_ENV]: String(index) });
    worker.on('message', (message: unknown) => {
      if (!isWorkerListening(message)) return;
      listening.add(index);
      if (announced || listening.size < options.workers) return;
      announced = true;
      process.stdout.write(`Livewall is serving ${message.url} (config: ${options.config}; ${options.workers} workers)\n`);
    });
    worker.on('exit', (code, signal) => {
      listening.delete(index);
      if (shuttingDown) return;
      const now = Date.now();
      const recent = (restarts.get(index) ?? []).filter((at) => now - at < RESTART_WINDOW_MS);
      recent.push(now);
      restarts.set(index, recent);
      if (recent.length > MAX_RESTARTS) {
        process.stderr.write(`livewall: worker ${index} died ${recent.length} times within a minute (last: ${signal ?? `exit ${code}`}); stopping\n`);
        shutdown('SIGTERM', 1);
        return;
      }
      process.stderr.write(`livewall: worker ${index} died (${signal ?? `exit ${code}`}); starting it again\n`);
      setTimeout(() => {
        if (!shuttingDown) fork(index);
      }, RESTART_DELAY_MS);
    });
    return worker;
  };

  const workers = (): Worker[] => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
  const shutdown = (signal: NodeJS.Signals, exitCode = 0): void => {
    if (shuttingDown) {
      process.stderr.write(`livewall: ${signal} again while shutting down; stopping the workers at once\n`);
      for (const worker of workers()) worker.process.kill('SIGKILL');
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    shuttingDown = true;
    const running = workers();
    for (const worker of running) worker.process.kill('SIGTERM');
    const exited = running.map((worker) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once('exit', () => resolve()))));
    const limit = setTimeout(() => {
      process.stderr.write('livewall: workers took over 3 s to close; stopping them\n');
      for (const worker of workers()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    void Promise.all(exited).then(() => process.exit(exitCode));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => {
    for (const worker of workers()) worker.process.kill('SIGHUP');
  });
  for (let index = 0; index < options.workers; index += 1) fork(index);
}
