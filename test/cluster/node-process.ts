import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { portOpen } from '../helpers/ports';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { io as connect } from 'socket.io-client';
import type { ConfigInput } from '../../src/config/schema';
import type { ClusterHealth } from '../../src/cluster/cluster';
import { EVENTS, type Sample, type SubscribeAck } from '../../src/protocol';
import { eventually, type TestSocket } from '../helpers/server';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Whether the cluster tests can run: Redis on 127.0.0.1:6379 and a built `dist/`. Without Redis
 * they skip with a loud message, except under CI=true, where they must run.
 */
export async function redisForTests(): Promise<boolean> {
  if (!existsSync('dist/server/main.js')) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  if (await portOpen(6379)) return true;
  if (process.env.CI === 'true') throw new Error('the cluster tests need Redis on 127.0.0.1:6379 under CI (apt-get install redis-server)');
  console.warn('\n!!! No Redis on 127.0.0.1:6379: SKIPPING the cluster tests. Start one with `redis-server`. !!!\n');
  return false;
}

/** A key prefix no other test run uses, and a way to delete its keys afterwards. */
export function testPrefix(): { prefix: string; cleanUp(url?: string): Promise<void> } {
  const prefix = `lwtest-${randomUUID().slice(0, 8)}`;
  return {
    prefix,
    async cleanUp(url = REDIS_URL) {
      // One try: a Redis a test stopped is not waited for.
      const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
      } catch {
        // Redis may be the one a test stopped.
      } finally {
        if (client.isOpen) await client.quit().catch(() => undefined);
      }
    },
  };
}

/** One `livewall serve` process. */
export interface NodeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  /** Everything it printed (it logs at warn and above). */
  output(): string;
  /** This node's view of the cluster, from /readyz. */
  cluster(): Promise<ClusterHealth>;
  /** A Prometheus sample from /metrics, e.g. `livewall_feed_poll_seconds_count{topic="stocks.ACME"}`. */
  metric(name: string): Promise<number | undefined>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Writes `config` to a temp file and starts `livewall serve` on it, on a free port, with any more `args`. */
export async function startNode(config: ConfigInput, args: string[] = []): Promise<NodeProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'livewall-node-'));
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(config));
  const child = spawn(process.execPath, [path.resolve('bin/livewall.js'), 'serve', '--config', file, '--port', '0', '--no-watch', ...args], { cwd: dir });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => rm(dir, { recursive: true, force: true })).catch(() => undefined);
  const url = await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`a node exited (${child.exitCode}) before serving; it printed: ${out.slice(-1000)}`);
      return /serving (http:\/\/\S+) /.exec(out)?.[1];
    },
    20_000,
    "a node's URL line",
  );
  return {
    child,
    url,
    exited,
    output: () => out,
    async cluster() {
      const body = (await (await fetch(`${url}/readyz`)).json()) as { cluster: ClusterHealth };
      return body.cluster;
    },
    async metric(name) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((each) => each.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.slice(name.length + 1));
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A viewer: a real socket.io-client subscribed to topics, keeping every sample it gets. */
export interface Viewer {
  socket: TestSocket;
  samples: Sample[];
  /** The seqs it got of one topic, in arrival order. */
  seqs(topic: string): number[];
  close(): void;
}

export async function startViewer(url: string, topics: string[]): Promise<Viewer> {
  const socket: TestSocket = connect(url, { transports: ['websocket'], reconnection: true, reconnectionDelay: 200, forceNew: true });
  const samples: Sample[] = [];
  socket.on(EVENTS.dashboardUpdate, (batch) => samples.push(...batch));
  await eventually(() => (socket.connected ? true : undefined), 10_000, 'a viewer to connect');
  const ack: SubscribeAck = await socket.timeout(5_000).emitWithAck(EVENTS.subscribe, { topics });
  if (!ack.ok) throw new Error(ack.message);
  // What the ack held counts as received, before any live batch: the server sends the ack first,
  // but a batch read in the same chunk runs its listener before this await resumes.
  samples.unshift(...ack.topics.flatMap((topic) => topic.history));
  return {
    socket,
    samples,
    seqs: (topic) => samples.filter((sample) => sample.topic === topic).map((sample) => sample.seq),
    close: () => socket.disconnect(),
  };
}

/** Seqs that repeat or go backwards: a viewer must never see one. */
export function outOfOrder(seqs: readonly number[]): number[] {
  return seqs.filter((seq, i) => i > 0 && seq <= (seqs[i - 1] as number));
}

/** Missing seqs between the first and the last. */
export function gaps(seqs: readonly number[]): number {
  if (seqs.length < 2) return 0;
  return (seqs.at(-1) as number) - (seqs[0] as number) + 1 - new Set(seqs).size;
}
