import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ConfigInput } from '../../src/config/schema';

/** What a server process is started with: Livewall reads the config; the naive baseline only its topics and rate. */
export interface StartRequest {
  type: 'start';
  config: ConfigInput;
  webRoot: string;
}

/** Messages from the bench to the server process. */
export type ServerRequest =
  | StartRequest
  | { type: 'stats' }
  | { type: 'close' }
  /** CPU profile of the server alone, over a window the bench chooses: written as a .cpuprofile. */
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string };

/** The server process's CPU and memory at one moment. */
export interface ServerStats {
  type: 'stats';
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
  /** `performance.now()` in the server process, for CPU % over an interval. */
  at: number;
  /** Samples every feed has published so far. */
  published: number;
  /** Event-loop delay since the previous stats (the histogram resets on each). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Messages from the server process to the bench. */
export type ServerReply = { type: 'listening'; url: string } | { type: 'failed'; message: string } | { type: 'profiled'; file: string } | ServerStats;

export interface BenchServer {
  url: string;
  pid: number;
  stats(): Promise<ServerStats>;
  /** Starts a CPU profile of the server process. */
  profileStart(): void;
  /** Stops it and writes it to `file`. */
  profileStop(file: string): Promise<void>;
  /** Closes the app and waits for the process to exit; kills it if that takes over 5 s. Safe to call twice. */
  close(): Promise<void>;
}

/** The built wall display, served at `/`. */
export const WEB_ROOT = path.resolve('dist/web');

/** Starts a real Livewall server (createApp) on 127.0.0.1, port 0, in a child process. */
export function startBenchServer(config: ConfigInput): Promise<BenchServer> {
  // Bundled next to the bench that uses it, in dist/bench/support.
  return forkBenchServer(new URL('./support/server-process.js', import.meta.url), config);
}

/**
 * Starts the naive baseline (`bench/baseline/naive-server.ts`) in a child process: the same
 * topics at the same rate, in one timer, one emit per sample to its room.
 */
export function startNaiveServer(config: ConfigInput): Promise<BenchServer> {
  return forkBenchServer(new URL('./baseline/naive-server.js', import.meta.url), config);
}

async function forkBenchServer(script: URL, config: ConfigInput): Promise<BenchServer> {
  // BENCH_SERVER_NODE_OPTIONS profiles the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const execArgv = ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean)];
  const child = fork(script, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T extends ServerReply['type']>(...types: T[]): Promise<Extract<ServerReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ServerReply): void => {
        if (!(types as string[]).includes(message.type)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<ServerReply, { type: T }>);
      };
      const onExit = (code: number | null): void => reject(new Error(`bench server exited (${code}) before replying`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });

  send(child, { type: 'start', config, webRoot: WEB_ROOT });
  const started = await next('listening', 'failed');
  if (started.type === 'failed') {
    child.kill();
    throw new Error(`bench server failed to start: ${started.message}`);
  }
  let closing: Promise<void> | undefined;
  return {
    url: started.url,
    pid: child.pid as number,
    async stats() {
      const reply = next('stats');
      send(child, { type: 'stats' });
      return reply;
    },
    profileStart() {
      send(child, { type: 'profile-start' });
    },
    async profileStop(file) {
      const reply = next('profiled');
      send(child, { type: 'profile-stop', file });
      await reply;
    },
    close() {
      closing ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        send(child, { type: 'close' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}

function send(child: ChildProcess, message: ServerRequest): void {
  child.send(message);
}

/** CPU time of the server between two stats, as % of one core. */
export function cpuPercent(from: ServerStats, to: ServerStats): number {
  const usedUs = to.cpu.user - from.cpu.user + (to.cpu.system - from.cpu.system);
  const wallUs = (to.at - from.at) * 1000;
  return wallUs > 0 ? (usedUs / wallUs) * 100 : 0;
}
