/**
 * Scale-out, against one node in the same run: the fan-out workload (20 simulated topics at
 * 10 Hz, each viewer subscribed to 5) first on one Livewall node holding every viewer (A), then
 * on N nodes sharing a Redis through the `cluster` section, the viewers split evenly among them
 * (B). In B one node polls each shared feed, its samples replicate to every node, and each node
 * fans out to its own viewers. For each run: samples delivered against expected, lost and
 * duplicated samples, latency (receipt minus the sample's `ts`; one machine, one clock), the CPU
 * of every node together per delivered sample, and each node's RSS. B also checks, from each
 * node's /readyz and /metrics, that every feed has exactly one poller.
 *
 * Fails on duplicates, on over 1 % lost, or on a feed without exactly one poller. Ratios of B to
 * A are printed, not checked: on a small machine the nodes, Redis and the load processes share
 * the cores, so B measures what the cluster costs more than what it gains.
 *
 *   node dist/bench/scale-out.js [--nodes 2] [--clients 1000] [--seconds 8]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { ConfigInput } from '../src/config/schema';
import { countPollers, readCluster, readLocalPublished, waitForLeases } from './support/cluster-probe';
import { histogramPercentile, openLoadClients, type LoadClients } from './support/load-clients';
import { BENCH_REDIS_URL, reserveRedisPrefix } from './support/redis-prefix';
import { cpuPercent, startBenchServer, type BenchServer, type ServerStats } from './support/server-handle';
import { simulatedFeeds } from './support/simulated-feeds';
import { MB, round } from './support/stats';
import { formatTable, printJson } from './support/table';

const TOPICS = 20;
const INTERVAL_MS = 100;
const TOPICS_PER_CLIENT = 5;
const WARM_UP_MS = 2_000;
/** Short, so a lease left by a node that died is free again soon; renewals are cheap at this count. */
const LEASE_MS = 2_000;
/** How long the nodes of B get to join and share out the leases before viewers connect. */
const SETTLE_MS = 15_000;
const MAX_LOST_RATIO = 0.01;

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '2' },
    clients: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '8' },
  },
});
const NODES = wholeNumber('nodes', args.nodes, 1, 8);
const CLIENTS = wholeNumber('clients', args.clients, 1, 10_000);
const MEASURE_MS = wholeNumber('seconds', args.seconds, 1, 120) * 1000;

const FEEDS = simulatedFeeds(TOPICS, INTERVAL_MS);
const FEED_TOPICS = FEEDS.map((feed) => feed.topic);
const SINGLE: ConfigInput = {
  // Every viewer comes from 127.0.0.1: the per-address cap (50 by default) would turn most of them away.
  server: { logLevel: 'silent', history: { maxSamples: 50 }, limits: { maxConnectionsPerAddress: CLIENTS } },
  storage: false,
  feeds: FEEDS,
  dashboards: [],
};

function wholeNumber(name: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  console.error(`--${name} must be a whole number from ${min} to ${max}`);
  process.exit(2);
}

/** Viewer `i` watches 5 consecutive topics, as in fan-out: 20 distinct sets. */
function topicsFor(i: number): string[] {
  return Array.from({ length: TOPICS_PER_CLIENT }, (_, j) => FEED_TOPICS[(i + j) % TOPICS] as string);
}

/** Node `k`'s viewers: a consecutive block, so every node's viewers cover the 20 sets alike. */
function viewersOf(k: number, nodes: number): string[][] {
  const [from, to] = [Math.floor((k * CLIENTS) / nodes), Math.floor(((k + 1) * CLIENTS) / nodes)];
  return Array.from({ length: to - from }, (_, i) => topicsFor(from + i));
}

interface RunResult {
  run: 'A' | 'B';
  nodes: number;
  clients: number;
  connected: number;
  deliveredPerSec: number;
  expectedPerSec: number;
  lost: number;
  lostPct: number;
  duplicates: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Each node's viewers' p99: in B, those of a node that polls no feed see the replication hop as well. */
  latencyP99MsPerNode: number[];
  /** Every node's CPU together, as % of one core. */
  serverCpuPct: number;
  cpuUsPerSample: number;
  rssMb: number[];
  /** Shared feeds each node holds the lease of (B only). */
  leases: number[];
  loadCpuPct: number;
  /** Per feed, nodes holding its lease and nodes that published it in the window (B only). */
  pollers: ReturnType<typeof countPollers>;
}

async function measure(run: RunResult['run'], servers: readonly BenchServer[], clustered: boolean): Promise<RunResult> {
  const urls = servers.map((server) => server.url);
  const loads: LoadClients[] = [];
  try {
    for (const [k, server] of servers.entries()) {
      const load = await openLoadClients(server.url, viewersOf(k, servers.length), INTERVAL_MS);
      if (load.firstError !== undefined) console.log(`run ${run}, node ${k}: a viewer failed to connect: ${load.firstError}`);
      loads.push(load);
    }
    await sleep(WARM_UP_MS);
    // Scrapes stay outside the CPU window: they cost the node, not the fan-out.
    const publishedBefore = clustered ? await Promise.all(urls.map(readLocalPublished)) : [];
    const before = await Promise.all(servers.map((server) => server.stats()));
    for (const load of loads) load.measure();
    await sleep(MEASURE_MS);
    const reports = await Promise.all(loads.map((load) => load.report()));
    const after = await Promise.all(servers.map((server) => server.stats()));
    const publishedAfter = clustered ? await Promise.all(urls.map(readLocalPublished)) : [];
    const ready = clustered ? await Promise.all(urls.map(readCluster)) : [];

    const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
    const windows = before.map((from, k) => ({ from, to: after[k] as ServerStats, connected: loads[k]?.connected ?? 0 }));
    const seconds = sum(windows.map(({ from, to }) => (to.at - from.at) / 1000)) / windows.length;
    const samples = sum(reports.map((report) => report.samples));
    const lost = sum(reports.map((report) => report.lost));
    const latency = reports.flatMap((report) => report.latencyMs);
    const cpuPct = sum(windows.map(({ from, to }) => cpuPercent(from, to)));
    // Every node holds every topic (in B, replicated), so each counts all the samples; each topic has a quarter of a node's viewers.
    const expected = sum(windows.map(({ from, to, connected }) => ((to.published - from.published) / ((to.at - from.at) / 1000)) * ((connected * TOPICS_PER_CLIENT) / TOPICS)));
    return {
      run,
      nodes: servers.length,
      clients: CLIENTS,
      connected: sum(loads.map((load) => load.connected)),
      deliveredPerSec: round(samples / seconds, 0),
      expectedPerSec: round(expected, 0),
      lost,
      lostPct: round((100 * lost) / Math.max(1, samples + lost), 2),
      duplicates: sum(reports.map((report) => report.duplicates)),
      latencyP50Ms: histogramPercentile(latency, 50),
      latencyP99Ms: histogramPercentile(latency, 99),
      latencyMaxMs: histogramPercentile(latency, 100),
      latencyP99MsPerNode: reports.map((report) => histogramPercentile(report.latencyMs, 99)),
      serverCpuPct: round(cpuPct),
      cpuUsPerSample: round(((cpuPct / 100) * 1e6) / Math.max(1, samples / seconds), 2),
      rssMb: after.map((stats) => round(stats.rss / MB)),
      leases: ready.map((node) => node.cluster.leases.length),
      loadCpuPct: round((sum(reports.map((report) => report.cpuUs)) / (seconds * 1e6)) * 100),
      pollers: clustered
        ? countPollers(
            FEED_TOPICS,
            ready.map((node, k) => ({ ready: node, before: publishedBefore[k] ?? new Map(), after: publishedAfter[k] ?? new Map() })),
          )
        : [],
    };
  } finally {
    await Promise.all(loads.map((load) => load.close()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  console.log(
    `scale-out: ${TOPICS} topics × ${1000 / INTERVAL_MS} Hz, ${TOPICS_PER_CLIENT} topics per viewer, ${CLIENTS} viewers, ${MEASURE_MS / 1000} s per run; ` +
      `A: 1 node, B: ${NODES} nodes sharing ${BENCH_REDIS_URL}, viewers split evenly`,
  );
  console.log(`note: ${cores} cores for ${NODES} nodes, Redis and the load processes together, so B/A ratios are reported, not checked`);
  const redis = await reserveRedisPrefix();
  // Every node started and not yet closed: a bench stopped (SIGTERM from run.mjs) closes them, then deletes its keys.
  const live = new Set<BenchServer>();
  const start = async (config: ConfigInput): Promise<BenchServer> => {
    const server = await startBenchServer(config);
    live.add(server);
    return server;
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all([...live].map((server) => server.close()));
    live.clear();
  };
  process.once('SIGTERM', () => void closeAll().then(redis.cleanUp).finally(() => process.exit(143)));

  const runs: RunResult[] = [];
  let keysDeleted = 0;
  try {
    runs.push(await measure('A', [await start(SINGLE)], false));
    await closeAll();
    const nodes: BenchServer[] = [];
    for (let k = 0; k < NODES; k += 1) {
      nodes.push(await start({ ...SINGLE, cluster: { redis: BENCH_REDIS_URL, keyPrefix: redis.prefix, leaseMs: LEASE_MS, nodeId: `bench-n${k}` } }));
    }
    await waitForLeases(nodes.map((node) => node.url), FEED_TOPICS, SETTLE_MS);
    runs.push(await measure('B', nodes, true));
  } finally {
    await closeAll();
    keysDeleted = await redis.cleanUp();
  }

  console.log(
    formatTable(
      ['run', 'nodes', 'connected', 'delivered/s', 'expected/s', 'lost', 'duplicates', 'p50 ms', 'p99 ms', 'max ms', 'p99 ms per node', 'server CPU % (all nodes)', 'µs per sample', 'RSS MB per node', 'leases per node', 'load CPU %'],
      runs.map((r) => [
        r.run,
        r.nodes,
        r.connected,
        r.deliveredPerSec,
        r.expectedPerSec,
        r.lost,
        r.duplicates,
        r.latencyP50Ms,
        r.latencyP99Ms,
        r.latencyMaxMs,
        r.latencyP99MsPerNode.join(' / '),
        r.serverCpuPct,
        r.cpuUsPerSample,
        r.rssMb.join(' / '),
        r.leases.length > 0 ? r.leases.join(' / ') : '—',
        r.loadCpuPct,
      ]),
    ),
  );
  const [a, b] = runs as [RunResult, RunResult];
  const ratio = (of: (r: RunResult) => number): number => round(of(b) / of(a), 2);
  const ratios = {
    deliveredPerSec: ratio((r) => r.deliveredPerSec),
    latencyP50Ms: ratio((r) => r.latencyP50Ms),
    latencyP99Ms: ratio((r) => r.latencyP99Ms),
    serverCpuPct: ratio((r) => r.serverCpuPct),
    cpuUsPerSample: ratio((r) => r.cpuUsPerSample),
    rssMb: ratio((r) => r.rssMb.reduce((total, mb) => total + mb, 0)),
  };
  console.log(
    `B/A: delivered/s ${ratios.deliveredPerSec}×, p50 ${ratios.latencyP50Ms}×, p99 ${ratios.latencyP99Ms}×, server CPU ${ratios.serverCpuPct}×, ` +
      `CPU per sample ${ratios.cpuUsPerSample}×, RSS of all nodes ${ratios.rssMb}× (${cores} cores shared by everything: reported, not checked)`,
  );

  const verdicts: string[] = [];
  const check = (ok: boolean, text: string): void => void verdicts.push(`${ok ? 'PASS' : 'FAIL'}: ${text}`);
  for (const r of runs) {
    // Not a threshold: with fewer viewers the run measures a smaller workload than it says.
    check(r.connected === r.clients, `run ${r.run}: ${r.connected} of ${r.clients} viewers connected`);
    check(r.duplicates === 0, `run ${r.run}: ${r.duplicates} samples delivered twice (target 0)`);
    check(r.lostPct <= MAX_LOST_RATIO * 100, `run ${r.run}: ${r.lost} samples lost, ${r.lostPct} % (target ≤ ${MAX_LOST_RATIO * 100} %)`);
  }
  const wrong = b.pollers.filter((p) => p.leases !== 1 || p.publishers !== 1);
  check(
    wrong.length === 0,
    wrong.length === 0
      ? `run B: each of the ${FEED_TOPICS.length} feeds has one lease holder and one publishing node`
      : `run B: feeds without exactly one poller: ${wrong.map((p) => `${p.feed} (${p.leases} leases, ${p.publishers} publishing)`).join(', ')}`,
  );
  for (const verdict of verdicts) console.log(`verdict: ${verdict}`);
  console.log(`redis: deleted ${keysDeleted} keys under ${redis.prefix}:`);
  const pass = verdicts.every((verdict) => verdict.startsWith('PASS'));
  printJson('scale-out', { topics: TOPICS, intervalMs: INTERVAL_MS, topicsPerClient: TOPICS_PER_CLIENT, nodes: NODES, clients: CLIENTS, seconds: MEASURE_MS / 1000, cores, pass, verdicts, ratios, runs });
  if (!pass) process.exitCode = 1;
}

await main();
