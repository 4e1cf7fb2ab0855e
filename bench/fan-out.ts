/**
 * Fan-out against the naive pattern, same workload, same run: 20 topics at 10 Hz, and 1,000,
 * 2,000 and 4,000 real socket.io-client viewers (in load processes of their own) each
 * subscribed to 5 topics. Each server runs in its own process (`support/server-handle.ts`):
 * first the naive baseline (`baseline/naive-server.ts`: one timer, one emit per sample to its
 * room), then Livewall. For each it measures samples delivered, server CPU per delivered
 * sample, latency (receipt minus the sample's `ts`), lost samples (seq gaps), how late ticks
 * fire (the gap between a topic's consecutive samples beyond the interval), server RSS, and the
 * server's memory per idle connection (see `idleMemory`).
 *
 *   node dist/bench/fan-out.js [--clients 1000,2000,4000] [--seconds 10] [--idle 1000] [--profile DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConfigInput } from '../src/config/schema';
import { histogramPercentile, openLoadClients } from './support/load-clients';
import { cpuPercent, startBenchServer, startNaiveServer, type BenchServer } from './support/server-handle';
import { MB, round } from './support/stats';
import { formatTable, printJson } from './support/table';

const TOPICS = 20;
const INTERVAL_MS = 100;
const TOPICS_PER_CLIENT = 5;
const WARM_UP_MS = 2_000;

/** Targets from the performance issue, checked in the same run. */
const TARGETS = { cpuPerSampleRatio: 0.4, p99Ratio: 0.5, idleKbPerConnection: 16 };

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000,2000,4000' },
    seconds: { type: 'string', default: '10' },
    idle: { type: 'string', default: '1000' },
    profile: { type: 'string' },
  },
});
const CLIENT_STEPS = (args.clients ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const MEASURE_MS = Number(args.seconds) * 1000;
/** --profile DIR: a CPU profile of each server over each measuring window, to see where the time goes. */
const PROFILE_DIR = args.profile;
const IDLE_CONNECTIONS = Number(args.idle);

// One field per topic, so both servers send samples of the same size.
const config: ConfigInput = {
  // Every load client connects from 127.0.0.1: the per-address cap (50 by default) would refuse all but 50.
  server: { logLevel: 'silent', history: { maxSamples: 50 }, limits: { maxConnectionsPerAddress: 20_000, maxConnections: 20_000 } },
  storage: false,
  feeds: Array.from({ length: TOPICS }, (_, i) => ({
    kind: 'sensor' as const,
    topic: `bench.t${i}`,
    intervalMs: INTERVAL_MS,
    seed: i + 1,
    fields: [{ name: 'v', mean: 50, amplitude: 10, noise: 1 }],
  })),
  dashboards: [],
};
const topicNames = config.feeds.map((feed) => feed.topic);

/** Viewer `i` watches 5 consecutive topics: 20 distinct sets, as screens showing a handful of dashboards. */
function topicsFor(i: number): string[] {
  return Array.from({ length: TOPICS_PER_CLIENT }, (_, j) => topicNames[(i + j) % TOPICS] as string);
}

type ServerKind = 'naive' | 'livewall' | 'livewall+store';
/** The history store's file for the storage run, in a folder of its own, removed at the end. */
const STORE_DIR = mkdtempSync(path.join(tmpdir(), 'livewall-bench-store-'));
const START: Record<ServerKind, (config: ConfigInput) => Promise<BenchServer>> = {
  naive: startNaiveServer,
  livewall: startBenchServer,
  'livewall+store': (base) => startBenchServer({ ...base, storage: { path: path.join(STORE_DIR, 'livewall.db') } }),
};
/** Storage must not cost the live path more than this, in CPU or p99 latency, against the same run without it. */
const STORAGE_MAX_RATIO = 1.1;

interface StepResult {
  server: ServerKind;
  clients: number;
  /** Viewers that connected and subscribed: fewer than `clients` when the server could not keep up with accepting them. */
  connected: number;
  loadProcesses: number;
  publishedPerSec: number;
  deliveredPerSec: number;
  expectedPerSec: number;
  framesPerSec: number;
  lost: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  tickLateP99Ms: number;
  tickLateMaxMs: number;
  serverCpuPct: number;
  cpuUsPerSample: number;
  serverRssMb: number;
  serverLoopDelayP99Ms: number;
  loadCpuPct: number;
}

async function measureStep(kind: ServerKind, clients: number): Promise<StepResult> {
  const server = await START[kind](config);
  try {
    const load = await openLoadClients(server.url, Array.from({ length: clients }, (_, i) => topicsFor(i)), INTERVAL_MS);
    if (load.connected < clients) console.log(`${kind}, ${clients} viewers: only ${load.connected} connected; the first failure: ${load.firstError ?? 'unknown'}`);
    try {
      await sleep(WARM_UP_MS);
      const before = await server.stats();
      if (PROFILE_DIR) server.profileStart();
      load.measure();
      await sleep(MEASURE_MS);
      const report = await load.report();
      if (PROFILE_DIR) await server.profileStop(path.join(PROFILE_DIR, `${kind}-${clients}.cpuprofile`));
      const after = await server.stats();
      const seconds = (after.at - before.at) / 1000;
      const published = (after.published - before.published) / seconds;
      const cpuPct = cpuPercent(before, after);
      return {
        server: kind,
        clients,
        connected: load.connected,
        loadProcesses: load.processes,
        publishedPerSec: round(published),
        deliveredPerSec: round(report.samples / seconds, 0),
        // Every topic has connected × 5 / 20 viewers.
        expectedPerSec: round((published * load.connected * TOPICS_PER_CLIENT) / TOPICS, 0),
        framesPerSec: round(report.frames / seconds, 0),
        lost: report.lost,
        latencyP50Ms: histogramPercentile(report.latencyMs, 50),
        latencyP99Ms: histogramPercentile(report.latencyMs, 99),
        latencyMaxMs: histogramPercentile(report.latencyMs, 100),
        tickLateP99Ms: histogramPercentile(report.tickLateMs, 99),
        tickLateMaxMs: histogramPercentile(report.tickLateMs, 100),
        serverCpuPct: round(cpuPct),
        cpuUsPerSample: round(((cpuPct / 100) * 1e6) / Math.max(1, report.samples / seconds), 2),
        serverRssMb: round(after.rss / MB),
        serverLoopDelayP99Ms: round(after.loopDelayP99Ms),
        loadCpuPct: round((report.cpuUs / (seconds * 1e6)) * 100),
      };
    } finally {
      await load.close();
    }
  } finally {
    await server.close();
  }
}

/**
 * Server memory per idle connection: RSS and heap per viewer that connected and subscribed to
 * nothing. Measured as the growth from one wave of `count` viewers to a second wave as large:
 * the first wave also grows the heap's young generation to its working size (about 32 MB, a
 * fixed cost that would otherwise count as 30 KB per viewer of a thousand).
 */
async function idleMemory(kind: ServerKind, count: number): Promise<{ server: ServerKind; connections: number; kbPerConnection: number; heapKbPerConnection: number }> {
  const server = await START[kind](config);
  const waves: Awaited<ReturnType<typeof openLoadClients>>[] = [];
  try {
    waves.push(await openLoadClients(server.url, Array.from({ length: count }, () => []), INTERVAL_MS));
    await sleep(WARM_UP_MS);
    const before = await server.stats();
    waves.push(await openLoadClients(server.url, Array.from({ length: count }, () => []), INTERVAL_MS));
    await sleep(WARM_UP_MS);
    const after = await server.stats();
    return {
      server: kind,
      connections: count,
      kbPerConnection: round((after.rss - before.rss) / 1024 / count),
      heapKbPerConnection: round((after.heapUsed - before.heapUsed) / 1024 / count),
    };
  } finally {
    for (const wave of waves) await wave.close();
    await server.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  console.log(
    `fan-out: ${TOPICS} topics × ${1000 / INTERVAL_MS} Hz, ${TOPICS_PER_CLIENT} topics per viewer, ${MEASURE_MS / 1000} s per step; naive baseline then Livewall, each in its own process`,
  );
  const steps: StepResult[] = [];
  for (const clients of CLIENT_STEPS) {
    for (const kind of ['naive', 'livewall'] as const) steps.push(await measureStep(kind, clients));
    // The history store on, at the first preset: writes are batched off the live path.
    if (clients === Math.min(...CLIENT_STEPS)) steps.push(await measureStep('livewall+store', clients));
  }
  const idle = [await idleMemory('naive', IDLE_CONNECTIONS), await idleMemory('livewall', IDLE_CONNECTIONS)];

  const naiveOf = (clients: number): StepResult | undefined => steps.find((s) => s.server === 'naive' && s.clients === clients);
  const ratio = (value: number, base: number | undefined): string => (base === undefined || base === 0 ? '—' : `${round(value / base, 2)}×`);
  console.log(
    formatTable(
      ['server', 'clients', 'connected', 'delivered/s', 'expected/s', 'frames/s', 'lost', 'p50 ms', 'p99 ms', 'max ms', 'tick late p99/max ms', 'server CPU %', 'µs per sample', 'µs vs naive', 'p99 vs naive', 'RSS MB', 'loop p99 ms', 'load CPU %'],
      steps.map((s) => {
        const naive = s.server !== 'naive' ? naiveOf(s.clients) : undefined;
        return [
          s.server,
          s.clients,
          s.connected,
          s.deliveredPerSec,
          s.expectedPerSec,
          s.framesPerSec,
          s.lost,
          s.latencyP50Ms,
          s.latencyP99Ms,
          s.latencyMaxMs,
          `${s.tickLateP99Ms} / ${s.tickLateMaxMs}`,
          s.serverCpuPct,
          s.cpuUsPerSample,
          naive ? ratio(s.cpuUsPerSample, naive.cpuUsPerSample) : '—',
          naive ? ratio(s.latencyP99Ms, naive.latencyP99Ms) : '—',
          s.serverRssMb,
          s.serverLoopDelayP99Ms,
          s.loadCpuPct,
        ];
      }),
    ),
  );
  console.log(formatTable(['server', 'idle connections (second wave)', 'RSS KB per connection', 'heap KB per connection'], idle.map((r) => [r.server, r.connections, r.kbPerConnection, r.heapKbPerConnection])));

  const verdicts: string[] = [];
  const check = (ok: boolean, text: string): void => void verdicts.push(`${ok ? 'PASS' : 'FAIL'}: ${text}`);
  const smallest = Math.min(...CLIENT_STEPS);
  const largest = Math.max(...CLIENT_STEPS);
  const lw = (clients: number): StepResult | undefined => steps.find((s) => s.server === 'livewall' && s.clients === clients);
  const [first, last, naiveFirst] = [lw(smallest), lw(largest), naiveOf(smallest)];
  if (first && naiveFirst) {
    check(first.cpuUsPerSample <= TARGETS.cpuPerSampleRatio * naiveFirst.cpuUsPerSample, `${smallest} viewers: CPU per delivered sample ${ratio(first.cpuUsPerSample, naiveFirst.cpuUsPerSample)} the naive server's (target ≤ ${TARGETS.cpuPerSampleRatio}×)`);
    check(first.latencyP99Ms <= TARGETS.p99Ratio * naiveFirst.latencyP99Ms, `${smallest} viewers: p99 latency ${ratio(first.latencyP99Ms, naiveFirst.latencyP99Ms)} the naive server's (target ≤ ${TARGETS.p99Ratio}×)`);
  }
  if (last) {
    check(last.connected === last.clients, `${largest} viewers: ${last.connected} connected`);
    check(last.lost === 0, `${largest} viewers: ${last.lost} samples lost (target 0)`);
    check(last.tickLateMaxMs < INTERVAL_MS, `${largest} viewers: ticks at most ${last.tickLateMaxMs} ms late (target under one interval, ${INTERVAL_MS} ms)`);
  }
  const stored = steps.find((s) => s.server === 'livewall+store');
  const plain = stored && lw(stored.clients);
  if (stored && plain) {
    check(
      stored.serverCpuPct <= STORAGE_MAX_RATIO * plain.serverCpuPct && stored.latencyP99Ms <= STORAGE_MAX_RATIO * plain.latencyP99Ms + 1,
      `${stored.clients} viewers with the history store: CPU ${ratio(stored.serverCpuPct, plain.serverCpuPct)} and p99 ${ratio(stored.latencyP99Ms, plain.latencyP99Ms)} of without (target ≤ ${STORAGE_MAX_RATIO}× each)`,
    );
  }
  const idleLw = idle.find((r) => r.server === 'livewall');
  if (idleLw) check(idleLw.kbPerConnection <= TARGETS.idleKbPerConnection, `${idleLw.kbPerConnection} KB of server memory per idle connection (target ≤ ${TARGETS.idleKbPerConnection} KB)`);
  for (const verdict of verdicts) console.log(`verdict: ${verdict}`);
  const pass = verdicts.every((verdict) => verdict.startsWith('PASS'));
  rmSync(STORE_DIR, { recursive: true, force: true });
  printJson('fan-out', { topics: TOPICS, intervalMs: INTERVAL_MS, topicsPerClient: TOPICS_PER_CLIENT, pass, verdicts, steps, idle });
  if (!pass) process.exitCode = 1;
}

await main();
