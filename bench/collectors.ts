/**
 * System collectors: what the system feeds cost the process that runs them, counting the CPU of
 * every process it spawns, on this machine's two paths side by side: `systeminformation` (the
 * in-run baseline, which shells out to `cat`, `df` and `sensors` on Linux) and the Linux path
 * (/proc and /sys read directly, src/feeds/system/linux/).
 *
 * 1. Per metric: one poller per metric polled alone, `--polls` times, 0.2–0.55 s apart (further
 *    apart than systeminformation's caches, so every poll does the work).
 * 2. The default config's system feeds, run by the real server (createApp) at their configured
 *    intervals, then all at 1 Hz, for `--seconds` each after a 5 s warm-up; and, beside the
 *    first, the same server with no system feed polling, for what the server costs by itself.
 *
 * Each path runs in a worker process of its own, and both run at once, so they see the same
 * machine (every worker is loaded at the start and waits its turn). CPU is the worker's own
 * (`process.cpuUsage()`) plus its reaped children's, shells and their `cat`s included
 * (/proc/self/stat cutime + cstime). A worker runs in a PID namespace
 * of its own when `unshare` allows (root, or user namespaces), where the last PID handed out
 * counts every process it and its children started; elsewhere processes are not counted.
 *
 *   node dist/bench/collectors.js [--polls 15] [--seconds 30]
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import defaultConfig from '../config/default.json';
import { createApp } from '../src/app';
import { parseConfig } from '../src/config/load';
import type { ConfigInput } from '../src/config/schema';
import { createKernelFiles } from '../src/feeds/system/linux/kernel-files';
import { createLinuxSystemInfo } from '../src/feeds/system/linux/linux-system-info';
import { SYSTEM_METRICS, systemFeedSchema, type SystemFeedConfig, type SystemMetricName } from '../src/feeds/system/schema';
import { createSystemPoller } from '../src/feeds/system/system-feed';
import type { SystemInfoSource } from '../src/feeds/system/create-system-info';
import type { SystemInfo } from '../src/feeds/system/system-info';
import { createSysteminformationSystemInfo } from '../src/feeds/system/systeminformation-system-info';
import { round } from './support/stats';
import { formatTable, printJson } from './support/table';

/** The target: the default system feeds on the Linux path cost at most this much of one core. */
const LIMIT_PCT = 0.5;
/** For scale: a whole Netdata agent, measured on this machine when the issue was filed. */
const NETDATA_PCT = 0.7;
/** Time between polls per metric: past systeminformation's caches (200 ms for CPU, 500 ms for network). */
const SPACING_MS: Record<SystemMetricName, number> = { cpu: 250, memory: 200, network: 550, disk: 200, load: 200, temperature: 200 };
/** Before a feeds run measures: past the first polls (systeminformation's first network call lists interfaces with nmcli and more). */
const WARM_UP_MS = 5_000;
/**
 * Workers run without V8's memory reducer, which collects the start-up heap once, 8 to 17 s after
 * the start (~50 ms of CPU): a one-off that would read as 0.15 % of a 30 s window, in some workers'
 * windows and not others.
 */
const WORKER_NODE_FLAGS = ['--enable-source-maps', '--no-memory-reducer'];
/** /proc reports times in USER_HZ, which is 100 on every Linux architecture Node runs on. */
const US_PER_TICK = 10_000;
const SOURCES: readonly SystemInfoSource[] = ['systeminformation', 'linux'];
const LAST_PID = '/proc/sys/kernel/ns_last_pid';
/** The idle server's only feed: polled once at start, then not for a day. */
const IDLE_FEEDS: FeedInput[] = [{ kind: 'system', topic: 'bench.idle', metric: 'load', intervalMs: 86_400_000 }];

type FeedInput = ConfigInput['feeds'][number];

type Task =
  | { kind: 'metrics'; source: SystemInfoSource; polls: number; countProcesses: boolean }
  | { kind: 'feeds'; source: SystemInfoSource; feeds: FeedInput[]; seconds: number; countProcesses: boolean };

/** What a worker used over a window. */
interface Usage {
  selfUs: number;
  childrenUs: number;
  /** Processes (and threads) started in the worker's PID namespace; null when not counted. */
  processes: number | null;
  wallMs: number;
}

interface MetricUsage {
  metric: SystemMetricName;
  polls: number;
  usage: Usage;
}

type WorkerResult = { kind: 'metrics'; rows: MetricUsage[] } | { kind: 'feeds'; usage: Usage; samples: number };

// ---------------------------------------------------------------- worker

interface Snapshot {
  selfUs: number;
  childrenTicks: number;
  lastPid: number | null;
  at: number;
}

function snapshot(countProcesses: boolean): Snapshot {
  const { user, system } = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // After "pid (comm) ", fields start at the 3rd; cutime and cstime are the 16th and 17th (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    selfUs: user + system,
    childrenTicks: Number(fields[13]) + Number(fields[14]),
    lastPid: countProcesses ? Number(readFileSync(LAST_PID, 'utf8')) : null,
    at: performance.now(),
  };
}

function usageBetween(from: Snapshot, to: Snapshot): Usage {
  return {
    selfUs: to.selfUs - from.selfUs,
    childrenUs: (to.childrenTicks - from.childrenTicks) * US_PER_TICK,
    processes: from.lastPid === null || to.lastPid === null ? null : to.lastPid - from.lastPid,
    wallMs: to.at - from.at,
  };
}

function systemInfoFor(source: SystemInfoSource): SystemInfo {
  return source === 'linux' ? createLinuxSystemInfo(createKernelFiles()) : createSysteminformationSystemInfo();
}

/** Each metric alone; the poll's own CPU, and the children and processes of the whole window. */
async function measureMetrics(task: Extract<Task, { kind: 'metrics' }>): Promise<WorkerResult> {
  const systemInfo = systemInfoFor(task.source);
  const context = { signal: new AbortController().signal, now: 0 };
  const rows: MetricUsage[] = [];
  for (const metric of SYSTEM_METRICS) {
    const poller = createSystemPoller(systemFeedSchema.parse({ kind: 'system', topic: `bench.${metric}`, metric }), systemInfo);
    // The first call primes counters, and systeminformation's lists interfaces (nmcli and more).
    await poller.read(context);
    await sleep(SPACING_MS[metric]);
    const start = snapshot(task.countProcesses);
    let selfUs = 0;
    for (let i = 0; i < task.polls; i += 1) {
      const before = process.cpuUsage();
      await poller.read(context);
      const used = process.cpuUsage(before);
      selfUs += used.user + used.system;
      await sleep(SPACING_MS[metric]);
    }
    rows.push({ metric, polls: task.polls, usage: { ...usageBetween(start, snapshot(task.countProcesses)), selfUs } });
  }
  return { kind: 'metrics', rows };
}

/** The feeds as the server runs them: the real app, its feed runner and poll loops. */
async function measureFeeds(task: Extract<Task, { kind: 'feeds' }>): Promise<WorkerResult> {
  const app = createApp({
    config: parseConfig({ server: { logLevel: 'silent' }, storage: false, feeds: task.feeds, dashboards: [] }),
    log: pino({ level: 'silent' }),
    systemInfo: systemInfoFor(task.source),
    build: 'bench',
  });
  let samples = 0;
  app.hub.on('sample', () => void (samples += 1));
  try {
    await app.listen(0, '127.0.0.1');
    await sleep(WARM_UP_MS);
    const start = snapshot(task.countProcesses);
    const samplesBefore = samples;
    await sleep(task.seconds * 1000);
    return { kind: 'feeds', usage: usageBetween(start, snapshot(task.countProcesses)), samples: samples - samplesBefore };
  } finally {
    await app.close();
  }
}

async function runWorker(task: Task): Promise<void> {
  // The bench died: never outlive it.
  process.on('disconnect', () => process.exit(1));
  // Every worker is loaded when the bench starts and told when to go: `npm run build` empties dist/.
  await new Promise((resolve) => process.once('message', resolve));
  const result = task.kind === 'metrics' ? await measureMetrics(task) : await measureFeeds(task);
  process.send?.(result, () => process.exit(0));
}

// ---------------------------------------------------------------- bench

/** `unshare` flags that give a worker its own PID namespace here, or null when none will. */
function pidNamespaceFlags(): string[] | null {
  const own = ['--pid', '--fork', '--mount-proc', '--kill-child'];
  for (const flags of [own, ['--user', '--map-root-user', ...own]]) {
    const probe = spawnSync('unshare', [...flags, 'cat', LAST_PID], { encoding: 'utf8' });
    if (probe.status === 0) return flags;
  }
  return null;
}

/** A worker process, loaded and waiting to be started. */
interface Worker<R extends WorkerResult> {
  start(): Promise<R>;
}

/** The bench's workers, each in its own PID namespace when `namespace` gives `unshare` flags. */
interface WorkerPool {
  launch<R extends WorkerResult>(task: Task): Worker<R>;
  /** One worker per path, for the same task. */
  launchBoth<R extends WorkerResult>(task: (source: SystemInfoSource) => Task): Record<SystemInfoSource, Worker<R>>;
  killAll(): void;
}

function createWorkerPool(namespace: string[] | null): WorkerPool {
  const running = new Set<ReturnType<typeof spawn>>();
  const launch = <R extends WorkerResult>(task: Task): Worker<R> => {
    const node = [process.execPath, ...WORKER_NODE_FLAGS, fileURLToPath(import.meta.url), '--worker', JSON.stringify(task)];
    const [command, ...args] = namespace ? ['unshare', ...namespace, ...node] : node;
    const child = spawn(command as string, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    running.add(child);
    const result = new Promise<R>((resolve, reject) => {
      child.once('message', (message: R) => resolve(message));
      child.once('exit', (code) => {
        running.delete(child);
        reject(new Error(`${task.source} worker (${task.kind}) exited with ${code} before replying`));
      });
    });
    // Reported when started, not before.
    result.catch(() => undefined);
    return {
      start() {
        child.send('start');
        return result;
      },
    };
  };
  return {
    launch,
    launchBoth: (task) => ({ systeminformation: launch(task('systeminformation')), linux: launch(task('linux')) }),
    killAll() {
      for (const child of running) child.kill('SIGKILL');
    },
  };
}

/** Both paths at once, so both see the same machine. */
async function startBoth<R extends WorkerResult>(pair: Record<SystemInfoSource, Worker<R>>): Promise<Record<SystemInfoSource, R>> {
  const [systeminformation, linux] = await Promise.all([pair.systeminformation.start(), pair.linux.start()]);
  return { systeminformation, linux };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The default config's system feeds. */
function defaultSystemFeeds(): SystemFeedConfig[] {
  return parseConfig(defaultConfig).feeds.filter((feed): feed is SystemFeedConfig => feed.kind === 'system');
}

interface RunResult {
  run: string;
  /** `none`: the idle server. */
  source: SystemInfoSource | 'none';
  cpuPct: number;
  selfPct: number;
  childrenPct: number;
  processesPerSec: number | null;
  samplesPerSec: number;
}

function runResult(run: string, source: RunResult['source'], result: Extract<WorkerResult, { kind: 'feeds' }>): RunResult {
  const { selfUs, childrenUs, processes, wallMs } = result.usage;
  const pct = (us: number): number => round((us / (wallMs * 1000)) * 100, 3);
  return {
    run,
    source,
    cpuPct: pct(selfUs + childrenUs),
    selfPct: pct(selfUs),
    childrenPct: pct(childrenUs),
    processesPerSec: processes === null ? null : round((processes * 1000) / wallMs, 2),
    samplesPerSec: round((result.samples * 1000) / wallMs, 2),
  };
}

interface MetricRow {
  metric: SystemMetricName;
  intervalMs: number | null;
  systeminformation: { cpuUsPerPoll: number; selfUsPerPoll: number; childrenUsPerPoll: number; processesPerPoll: number | null };
  linux: { cpuUsPerPoll: number; selfUsPerPoll: number; childrenUsPerPoll: number; processesPerPoll: number | null };
}

function perPoll({ polls, usage }: MetricUsage): MetricRow['linux'] {
  return {
    cpuUsPerPoll: round((usage.selfUs + usage.childrenUs) / polls, 0),
    selfUsPerPoll: round(usage.selfUs / polls, 0),
    childrenUsPerPoll: round(usage.childrenUs / polls, 0),
    processesPerPoll: usage.processes === null ? null : round(usage.processes / polls, 2),
  };
}

const show = (value: number | null): string | number => (value === null ? 'n/a' : value);

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { polls: { type: 'string', default: '15' }, seconds: { type: 'string', default: '30' } } });
  const polls = Number(args.polls);
  const seconds = Number(args.seconds);
  if (process.platform !== 'linux') {
    console.log(`collectors: skipped, this compares the Linux path with systeminformation and this is ${process.platform}`);
    return;
  }
  const namespace = pidNamespaceFlags();
  const countProcesses = namespace !== null;
  const feeds = defaultSystemFeeds();
  const intervals = new Map(feeds.map((feed) => [feed.metric, feed.intervalMs]));
  console.log(
    `collectors: each metric polled ${polls}× 0.2–0.55 s apart, then the default config's ${feeds.length} system feeds (${feeds.map((f) => `${f.metric} ${f.intervalMs / 1000} s`).join(', ')}) ` +
      `and all at 1 Hz for ${seconds} s each; both paths at once, each in its own worker`,
  );
  if (!countProcesses) console.log('warning: no PID namespace (unshare needs root or user namespaces), so processes spawned are not counted');

  type FeedsResult = Extract<WorkerResult, { kind: 'feeds' }>;
  const configs: [string, FeedInput[]][] = [
    ['default intervals', feeds],
    ['all at 1 Hz', feeds.map((feed) => ({ ...feed, intervalMs: 1000 }))],
  ];
  const pool = createWorkerPool(namespace);
  // The runner stops an overrunning bench with SIGTERM: take the workers along.
  process.once('SIGTERM', () => {
    pool.killAll();
    process.exit(143);
  });
  const metricWorkers = pool.launchBoth<Extract<WorkerResult, { kind: 'metrics' }>>((source) => ({ kind: 'metrics', source, polls, countProcesses }));
  const feedWorkers = configs.map(([run, runFeeds]) => ({
    run,
    pair: pool.launchBoth<FeedsResult>((source) => ({ kind: 'feeds', source, feeds: runFeeds, seconds, countProcesses })),
  }));
  const idleWorker = pool.launch<FeedsResult>({ kind: 'feeds', source: 'linux', feeds: IDLE_FEEDS, seconds, countProcesses });

  const metrics = await startBoth(metricWorkers);
  const rows: MetricRow[] = SYSTEM_METRICS.map((metric, i) => ({
    metric,
    intervalMs: intervals.get(metric) ?? null,
    systeminformation: perPoll(metrics.systeminformation.rows[i] as MetricUsage),
    linux: perPoll(metrics.linux.rows[i] as MetricUsage),
  }));

  const runs: RunResult[] = [];
  for (const { run, pair } of feedWorkers) {
    // Beside the first run, the server with no system feed polling.
    const idle = run === 'default intervals' ? idleWorker.start() : undefined;
    const results = await startBoth(pair);
    for (const source of SOURCES) runs.push(runResult(run, source, results[source]));
    if (idle) runs.push(runResult('server idle', 'none', await idle));
  }

  console.log('\nper metric (CPU per poll includes spawned processes):');
  console.log(
    formatTable(
      ['metric', 'default interval s', 'si µs/poll', 'si self µs', 'si children µs', 'si processes/poll', 'linux µs/poll', 'linux processes/poll', 'si ÷ linux'],
      rows.map((r) => [
        r.metric,
        r.intervalMs === null ? '—' : r.intervalMs / 1000,
        r.systeminformation.cpuUsPerPoll,
        r.systeminformation.selfUsPerPoll,
        r.systeminformation.childrenUsPerPoll,
        show(r.systeminformation.processesPerPoll),
        r.linux.cpuUsPerPoll,
        show(r.linux.processesPerPoll),
        `${round(r.systeminformation.cpuUsPerPoll / Math.max(1, r.linux.cpuUsPerPoll), 1)}×`,
      ]),
    ),
  );
  console.log('\nthe system feeds in the real server (% of one core, spawned processes included):');
  const baseline = (run: string): RunResult => runs.find((r) => r.run === run && r.source === 'systeminformation') as RunResult;
  console.log(
    formatTable(
      ['run', 'path', 'CPU %', 'self %', 'children %', 'processes/s', 'samples/s', 'si ÷ linux'],
      runs.map((r) => [
        r.run,
        r.source,
        r.cpuPct,
        r.selfPct,
        r.childrenPct,
        show(r.processesPerSec),
        r.samplesPerSec,
        r.source === 'linux' ? `${round(baseline(r.run).cpuPct / Math.max(0.001, r.cpuPct), 1)}×` : r.source === 'systeminformation' ? 'baseline' : '—',
      ]),
    ),
  );

  const linuxDefault = runs.find((r) => r.run === 'default intervals' && r.source === 'linux') as RunResult;
  const idle = runs.find((r) => r.source === 'none') as RunResult;
  const linuxProcesses = [...rows.map((r) => r.linux.processesPerPoll), ...runs.filter((r) => r.source === 'linux').map((r) => r.processesPerSec)];
  const spawnsNothing = linuxProcesses.every((n) => n === 0);
  const pass = linuxDefault.cpuPct <= LIMIT_PCT && (spawnsNothing || !countProcesses);
  const spawnText = countProcesses ? (spawnsNothing ? 'spawns no process' : 'spawns processes') : 'processes not counted';
  console.log(
    `\nverdict: ${pass ? 'PASS' : 'FAIL'}: the default system feeds on the Linux path cost ${linuxDefault.cpuPct} % of a core (limit ${LIMIT_PCT} %; ` +
      `systeminformation ${baseline('default intervals').cpuPct} % in this run; Netdata ${NETDATA_PCT} %), ` +
      `of which the idle server is ${idle.cpuPct} %, and ${spawnText}`,
  );
  printJson('collectors', { pass, limitPct: LIMIT_PCT, polls, seconds, pidNamespace: countProcesses, metrics: rows, runs });
  if (!pass) process.exitCode = 1;
}

if (process.argv[2] === '--worker') await runWorker(JSON.parse(process.argv[3] as string) as Task);
else await main();
