/**
 * Server fan-out: one real server with N simulated topics, and M real socket.io-client
 * sockets over websocket, each subscribed to a few topics. For each M it measures the
 * samples delivered per second, the latency from a sample's `ts` to its receipt, lost
 * samples (seq gaps), and the server process's CPU and RSS. The baseline is the same
 * measurement with one client, in the same run.
 *
 *   node dist/bench/fan-out.js [--clients 1,50,200] [--seconds 10]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { EVENTS, type ClientToServerEvents, type Sample, type ServerToClientEvents } from '../src/protocol';
import type { ConfigInput } from '../src/config/schema';
import { cpuPercent, startBenchServer, type BenchServer } from './support/server-handle';
import { simulatedFeeds } from './support/simulated-feeds';
import { MB, percentile, round } from './support/stats';
import { formatTable, printJson } from './support/table';

type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const TOPICS = 12;
const INTERVAL_MS = 100;
const TOPICS_PER_CLIENT = 4;
const WARM_UP_MS = 2_000;
const SETTLE_MS = 1_000;

const { values: args } = parseArgs({
  options: { clients: { type: 'string', default: '1,50,200' }, seconds: { type: 'string', default: '10' } },
});
const CLIENT_STEPS = (args.clients ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const MEASURE_MS = Number(args.seconds) * 1000;

const config: ConfigInput = {
  server: { logLevel: 'silent', history: { maxSamples: 50 } },
  feeds: simulatedFeeds(TOPICS, INTERVAL_MS),
  dashboards: [],
};
const topicNames = config.feeds.map((feed) => feed.topic);

/** What the clients of one step saw while it was measuring. */
interface Received {
  measuring: boolean;
  samples: number;
  latenciesMs: number[];
  gaps: number;
  /** Per topic, the newest `seq` any client saw: what each topic published, from the same samples. */
  newestSeq: Map<string, number>;
}

export interface StepResult {
  clients: number;
  subscriptions: number;
  durationSec: number;
  /** Samples all feeds published per second, as the server counts them (nominal: topics × 1000 / intervalMs). */
  publishedPerSec: number;
  deliveredPerSec: number;
  /** What every subscriber receiving every published sample would make. */
  expectedPerSec: number;
  perClientPerSec: number;
  lostSamples: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  serverCpuPct: number;
  /** Server CPU per extra delivered sample compared with the 1-client baseline; null for the baseline. */
  marginalCpuUsPerSample: number | null;
  serverRssMb: number;
  serverLoopDelayP99Ms: number;
  serverLoopDelayMaxMs: number;
  benchCpuPct: number;
  benchLoopDelayP99Ms: number;
}

/** Subscribes client `i` to TOPICS_PER_CLIENT consecutive topics, spread so every topic has viewers. */
function topicsFor(i: number): string[] {
  return Array.from({ length: TOPICS_PER_CLIENT }, (_, j) => topicNames[(i * TOPICS_PER_CLIENT + j) % topicNames.length] as string);
}

async function openClient(url: string, topics: string[], received: Received): Promise<BenchSocket> {
  const socket: BenchSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const lastSeq = new Map<string, number>();
  socket.on(EVENTS.dashboardUpdate, (batch: Sample[]) => {
    const now = Date.now();
    for (const sample of batch) {
      const last = lastSeq.get(sample.topic);
      lastSeq.set(sample.topic, sample.seq);
      if (sample.seq > (received.newestSeq.get(sample.topic) ?? -1)) received.newestSeq.set(sample.topic, sample.seq);
      if (!received.measuring) continue;
      received.samples += 1;
      received.latenciesMs.push(now - sample.ts);
      if (last !== undefined && sample.seq > last + 1) received.gaps += sample.seq - last - 1;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(10_000).emitWithAck(EVENTS.subscribe, { topics });
  if (!ack.ok) throw new Error(`subscribe failed: ${ack.code} ${ack.message}`);
  // Live samples continue from the backfill, so a gap counts from there.
  for (const topic of ack.topics) {
    const newest = topic.history.at(-1);
    if (newest) lastSeq.set(topic.topic, newest.seq);
  }
  return socket;
}

async function measureStep(server: BenchServer, clients: number): Promise<Omit<StepResult, 'marginalCpuUsPerSample'>> {
  const received: Received = { measuring: false, samples: 0, latenciesMs: [], gaps: 0, newestSeq: new Map() };
  const sockets: BenchSocket[] = [];
  try {
    // Connect in small batches: a burst of 200 handshakes at once measures accept(), not fan-out.
    for (let i = 0; i < clients; i += 25) {
      const batch = Array.from({ length: Math.min(25, clients - i) }, (_, j) => openClient(server.url, topicsFor(i + j), received));
      for (const result of await Promise.allSettled(batch)) {
        if (result.status === 'rejected') throw result.reason;
        sockets.push(result.value);
      }
    }
    await sleep(WARM_UP_MS);

    const before = await server.stats();
    const seqBefore = new Map(received.newestSeq);
    const benchCpuBefore = process.cpuUsage();
    const benchLoop = monitorEventLoopDelay({ resolution: 10 });
    benchLoop.enable();
    const started = performance.now();
    received.measuring = true;
    await sleep(MEASURE_MS);
    received.measuring = false;
    const elapsedMs = performance.now() - started;
    benchLoop.disable();
    const after = await server.stats();
    const benchCpu = process.cpuUsage(benchCpuBefore);

    const seconds = elapsedMs / 1000;
    const published = (topic: string): number => (received.newestSeq.get(topic) ?? 0) - (seqBefore.get(topic) ?? 0);
    const expected = sockets.reduce((sum, _, i) => sum + topicsFor(i).reduce((n, topic) => n + published(topic), 0), 0);
    return {
      clients,
      subscriptions: clients * TOPICS_PER_CLIENT,
      durationSec: round(seconds),
      publishedPerSec: round(((after.published - before.published) * 1000) / (after.at - before.at)),
      deliveredPerSec: round(received.samples / seconds, 0),
      expectedPerSec: round(expected / seconds, 0),
      perClientPerSec: round(received.samples / seconds / clients),
      lostSamples: received.gaps,
      latencyP50Ms: percentile(received.latenciesMs, 50),
      latencyP95Ms: percentile(received.latenciesMs, 95),
      latencyP99Ms: percentile(received.latenciesMs, 99),
      latencyMaxMs: percentile(received.latenciesMs, 100),
      serverCpuPct: round(cpuPercent(before, after)),
      serverRssMb: round(after.rss / MB),
      serverLoopDelayP99Ms: round(after.loopDelayP99Ms),
      serverLoopDelayMaxMs: round(after.loopDelayMaxMs),
      benchCpuPct: round(((benchCpu.user + benchCpu.system) / (elapsedMs * 1000)) * 100),
      benchLoopDelayP99Ms: round(benchLoop.percentile(99) / 1e6),
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await sleep(SETTLE_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const steps = [...new Set([1, ...CLIENT_STEPS])].sort((a, b) => a - b);
  const server = await startBenchServer(config);
  const measured: Omit<StepResult, 'marginalCpuUsPerSample'>[] = [];
  let idleCpuPct: number;
  try {
    // The feeds alone, with no viewer: what the server costs before any fan-out.
    await sleep(WARM_UP_MS);
    const idle = await server.stats();
    await sleep(MEASURE_MS / 2);
    const idleAfter = await server.stats();
    idleCpuPct = round(cpuPercent(idle, idleAfter));
    console.log(`fan-out: ${TOPICS} topics every ${INTERVAL_MS} ms (nominal ${(TOPICS * 1000) / INTERVAL_MS} samples/s), ${TOPICS_PER_CLIENT} topics per client, ${MEASURE_MS / 1000} s per step`);
    console.log(`idle (0 clients): published ${round(((idleAfter.published - idle.published) * 1000) / (idleAfter.at - idle.at))} samples/s, server CPU ${idleCpuPct} %, RSS ${round(idleAfter.rss / MB)} MB, event-loop delay p99 ${round(idleAfter.loopDelayP99Ms)} ms`);
    for (const clients of steps) measured.push(await measureStep(server, clients));
  } finally {
    await server.close();
  }

  const first = measured[0] as Omit<StepResult, 'marginalCpuUsPerSample'>;
  // The cost of each extra viewer: CPU beyond the 1-client baseline over samples beyond it.
  const results: StepResult[] = measured.map((r) => ({
    ...r,
    marginalCpuUsPerSample:
      r === first ? null : round(((r.serverCpuPct - first.serverCpuPct) / 100) * 1e6 / Math.max(1, r.deliveredPerSec - first.deliveredPerSec), 1),
  }));
  const baseline = results[0] as StepResult;
  console.log(
    formatTable(
      ['clients', 'published/s', 'delivered/s', 'expected/s', 'lost', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'server CPU %', 'CPU vs 1 client', 'µs per extra sample', 'RSS MB', 'server loop p99 ms', 'bench CPU %', 'bench loop p99 ms'],
      results.map((r) => [
        r.clients,
        r.publishedPerSec,
        r.deliveredPerSec,
        r.expectedPerSec,
        r.lostSamples,
        r.latencyP50Ms,
        r.latencyP95Ms,
        r.latencyP99Ms,
        r.latencyMaxMs,
        r.serverCpuPct,
        r === baseline ? 'baseline' : `${round(r.serverCpuPct / baseline.serverCpuPct, 1)}×`,
        r.marginalCpuUsPerSample === null ? '—' : String(r.marginalCpuUsPerSample),
        r.serverRssMb,
        r.serverLoopDelayP99Ms,
        r.benchCpuPct,
        r.benchLoopDelayP99Ms,
      ]),
    ),
  );
  const lost = results.reduce((sum, r) => sum + r.lostSamples, 0);
  console.log(`verdict: ${lost === 0 ? 'PASS' : 'FAIL'}: ${lost} samples lost across all steps (every viewer must receive every sample of its topics)`);
  printJson('fan-out', { topics: TOPICS, intervalMs: INTERVAL_MS, topicsPerClient: TOPICS_PER_CLIENT, pass: lost === 0, idleCpuPct, baseline, steps: results });
  if (lost > 0) process.exitCode = 1;
}

await main();
