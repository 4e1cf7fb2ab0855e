import { fork, type ChildProcess } from 'node:child_process';
import type { LoadReply, LoadReport, LoadRequest } from './load-client';

/** Viewers per load process: enough to keep process count low, few enough that one process keeps up. */
const CLIENTS_PER_PROCESS = 500;

export interface LoadClients {
  readonly processes: number;
  /** Viewers that connected and subscribed; the rest failed (a saturated server), `firstError` says how. */
  readonly connected: number;
  readonly firstError: string | undefined;
  /** Starts counting in every load process. */
  measure(): void;
  /** Stops counting and merges what every process saw. */
  report(): Promise<LoadReport>;
  close(): Promise<void>;
}

/**
 * Opens `clients` viewers (topics per viewer) against `url`, spread over load processes of
 * their own, so the load generator's CPU is neither the server's nor one process's limit.
 */
export async function openLoadClients(url: string, clients: string[][], intervalMs: number): Promise<LoadClients> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < clients.length; i += CLIENTS_PER_PROCESS) {
    children.push(fork(new URL('./support/load-client.js', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }
  const ask = <T extends LoadReply['type']>(child: ChildProcess, request: LoadRequest, type: T): Promise<Extract<LoadReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: LoadReply): void => {
        if (message.type === 'failed') reject(new Error(`load process: ${message.message}`));
        else if (message.type === type) resolve(message as Extract<LoadReply, { type: T }>);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
      child.send(request);
    });
  let opened: Extract<LoadReply, { type: 'opened' }>[];
  try {
    opened = await Promise.all(children.map((child, i) => ask(child, { type: 'open', url, clients: clients.slice(i * CLIENTS_PER_PROCESS, (i + 1) * CLIENTS_PER_PROCESS), intervalMs }, 'opened')));
  } catch (err) {
    for (const child of children) child.kill();
    throw err;
  }
  return {
    processes: children.length,
    connected: opened.reduce((sum, o) => sum + o.clients, 0),
    firstError: opened.find((o) => o.firstError !== undefined)?.firstError,
    measure: () => children.forEach((child) => child.send({ type: 'measure' } satisfies LoadRequest)),
    async report() {
      const reports = await Promise.all(children.map((child) => ask(child, { type: 'report' }, 'report')));
      return reports.reduce((all, r) => ({
        type: 'report',
        samples: all.samples + r.samples,
        frames: all.frames + r.frames,
        lost: all.lost + r.lost,
        duplicates: all.duplicates + r.duplicates,
        latencyMs: [...all.latencyMs, ...r.latencyMs],
        tickLateMs: [...all.tickLateMs, ...r.tickLateMs],
        cpuUs: all.cpuUs + r.cpuUs,
      }));
    },
    async close() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.send({ type: 'close' } satisfies LoadRequest);
            }),
        ),
      );
    },
  };
}

/** A percentile of a sparse histogram of [value, count] pairs (merged from processes, values may repeat). */
export function histogramPercentile(pairs: readonly [number, number][], p: number): number {
  const merged = new Map<number, number>();
  for (const [value, n] of pairs) merged.set(value, (merged.get(value) ?? 0) + n);
  const sorted = [...merged].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, n] of sorted) {
    seen += n;
    if (seen >= rank) return value;
  }
  return (sorted.at(-1) as [number, number])[0];
}
