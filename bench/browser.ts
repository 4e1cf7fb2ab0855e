/**
 * The wall in Chromium: what does a wall cost the machine it runs on, against a plain
 * Chart.js page tuned along Chart.js's performance guide drawing the same charts? The wall
 * draws with Chart.js too, so the question is what its own layer (the socket, bounded series,
 * one draw per frame, the DOM around the charts) adds.
 *
 * In one run, at each rate (1 Hz and 10 Hz by default), one after the other in the same
 * Chromium (Debian's, headless, the test flags), each page in a fresh context at 1920×1080
 * (a TV's 1080p; device pixel ratio 1):
 * - the tuned page (bench/browser/tuned-page.ts): 12 line charts of 2 series over 60 s, fed by a
 *   timer in the page at the rate;
 * - the real wall: a Livewall server (a child process) with 12 simulated topics of 2 fields at
 *   the rate, and a dashboard of 12 line panels of 2 series over 60 s.
 * And, for the floor, a blank page and the tuned page's charts drawn once and left still.
 * Beside them, at 1 Hz, a wall of one `status` panel of 200 tiles (200 topics of one sample a
 * second): the DOM-heavy panel, whose cost is tile text and attributes rather than canvas.
 *
 * Each page gets a warm-up, then a measured window with no measuring code in the page:
 * - Chromium's CPU: utime + stime of every process of the browser's tree (browser, renderers,
 *   GPU, utility), from /proc, as % of one core, also by process kind and by thread;
 * - main-thread busy: CDP `Performance.getMetrics` TaskDuration over wall time (and ScriptDuration);
 * - JS heap: `Runtime.getHeapUsage` after a forced GC, at the start and at the end;
 * - for the wall, whether every sample was applied: the samples the page received on its
 *   websocket (seen through CDP's network events) against each panel's series, read once at the end.
 * Then a table, a verdict against the targets, and one `{"bench":"browser",…}` line.
 *
 *   npm run bench -- browser      (node dist/bench/browser.js [--warmup 10] [--seconds 30] [--rates 1,10] [--profile])
 *
 * `--profile` adds, after the measurements, a 10 s CDP CPU profile of each page's main thread,
 * summed by self time and mapped through the bundles' source maps (and saved as .cpuprofile).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { ConfigInput } from '../src/config/schema';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './browser/cpu-profile';
import { childNamed, snapshotTree, treeCpu, type TreeCpu } from './browser/process-cpu';
import { startBenchServer, WEB_ROOT, type BenchServer } from './support/server-handle';
import { MB, round } from './support/stats';
import { formatTable, printJson } from './support/table';

const TOPICS = 12;
const WINDOW_SEC = 60;
const VIEWPORT = { width: 1920, height: 1080 };
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/**
 * The performance issue's target: the wall at most half the tuned page's Chromium CPU, at every
 * rate. Both draw with Chart.js, so meeting it means redrawing less than the tuned page does.
 */
const CPU_RATIO_TARGET = 0.5;
/** The performance issue's target for the wall's JavaScript (socket.io-client included), gzipped. */
const JS_TARGET_BYTES = 65 * 1024;
/** Tiles of the status run: topics of one sample a second, one tile each. */
const STATUS_TILES = 200;
/** The heap is flat when it ends within this much of where it started (after a GC each time)… */
const HEAP_SLACK_MB = 1;
/** …or within this share of it, whichever is larger. */
const HEAP_SLACK_SHARE = 0.1;
const TUNED_DIR = 'dist/bench/browser';

const { values: args } = parseArgs({
  options: {
    warmup: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '30' },
    rates: { type: 'string', default: '1,10' },
    profile: { type: 'boolean', default: false },
  },
});
const WARM_UP_MS = Number(args.warmup) * 1000;
const MEASURE_MS = Number(args.seconds) * 1000;
const RATES = args.rates.split(',').map(Number);
/** The floor pages settle fast and cost little: shorter windows keep the run under five minutes. */
const FLOOR_WARM_UP_MS = Math.min(WARM_UP_MS, 5_000);
const FLOOR_MEASURE_MS = Math.min(MEASURE_MS, 15_000);
const PROFILE_MS = 10_000;

type SensorFeed = Extract<ConfigInput['feeds'][number], { kind: 'sensor' }>;

/** 12 sensor topics of two fields each, published `rate` times a second; 12 line panels over 60 s. */
function wallConfig(rate: number): ConfigInput {
  const feeds = Array.from({ length: TOPICS }, (_, i): SensorFeed => ({
    kind: 'sensor',
    topic: `sensors.S${i}`,
    intervalMs: Math.round(1000 / rate),
    seed: i + 1,
    fields: [
      { name: 'temperature', unit: '°C', mean: 22 + i, amplitude: 5, noise: 0.4 },
      { name: 'humidity', unit: '%', mean: 55, amplitude: -8, noise: 0.8, min: 0, max: 100 },
    ],
  }));
  return {
    server: { logLevel: 'silent' },
    storage: false,
    feeds,
    dashboards: [{ id: 'bench', title: 'Browser bench', panels: feeds.map((feed) => ({ topic: feed.topic, type: 'line', windowSec: WINDOW_SEC })) }],
  };
}

/** 200 simulated stocks at 1 Hz and one `status` panel over all of them, by glob. */
function statusConfig(): ConfigInput {
  return {
    server: { logLevel: 'silent', limits: { maxTopicsPerSocket: STATUS_TILES + 10 } },
    storage: false,
    feeds: Array.from({ length: STATUS_TILES }, (_, i) => ({ kind: 'stock' as const, topic: `fleet.host${i}`, intervalMs: 1_000, seed: i + 1 })),
    dashboards: [{ id: 'bench', title: 'Status bench', panels: [{ type: 'status', topics: ['fleet.*'], fields: ['price'], thresholds: { warn: 105, critical: 110 } }] }],
  };
}

/** Bundles the tuned page as the wall is bundled (minified ESM), with a source map for profiles. */
async function buildTunedPage(): Promise<void> {
  await esbuild.build({
    entryPoints: ['bench/browser/tuned-page.ts'],
    outfile: `${TUNED_DIR}/tuned-page.js`,
    bundle: true,
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    format: 'esm',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
}

const BLANK_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title><link rel="icon" href="data:,"></head><body></body></html>';

/** Serves the tuned page and the blank page on 127.0.0.1. */
async function startStaticServer(): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, [string, string]> = {
    '/tuned': [path.resolve('bench/browser/tuned-page.html'), 'text/html'],
    '/tuned-page.js': [path.resolve(TUNED_DIR, 'tuned-page.js'), 'text/javascript'],
    '/tuned-page.js.map': [path.resolve(TUNED_DIR, 'tuned-page.js.map'), 'application/json'],
  };
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = files[pathname];
    if (pathname === '/blank') response.writeHead(200, { 'content-type': 'text/html' }).end(BLANK_PAGE);
    else if (file) response.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Sample timestamps a page received, per topic, from CDP's network events: its websocket frames,
 * and the long-polling responses Socket.IO starts on (the subscribe ack's backfill often comes that way).
 */
function recordReceived(page: Page): Map<string, number[]> {
  const perTopic = new Map<string, number[]>();
  const add = (topic: string, ts: number): void => {
    let list = perTopic.get(topic);
    if (!list) perTopic.set(topic, (list = []));
    list.push(ts);
    // Bounded: only the last window's worth is ever compared.
    if (list.length > 4_000) list.splice(0, 2_000);
  };
  const packet = (payload: string): void => {
    // "42[event, arg]" is an event, "43<id>[response]" an ack (here, subscribe's backfill).
    const match = /^4([23])\d*(\[.*)$/s.exec(payload);
    if (!match) return;
    const body = JSON.parse(match[2] as string) as unknown[];
    if (match[1] === '2' && body[0] === 'dashboard update') {
      for (const sample of body[1] as { topic: string; ts: number }[]) add(sample.topic, sample.ts);
    } else if (match[1] === '3') {
      const ack = body[0] as { topics?: { topic: string; history: { ts: number }[] }[] };
      for (const topic of ack.topics ?? []) for (const sample of topic.history) add(topic.topic, sample.ts);
    }
  };
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') packet(payload);
    });
  });
  page.on('response', (response) => {
    if (!response.url().includes('transport=polling') || response.request().method() !== 'GET') return;
    // Engine.IO joins a poll's packets with a record separator.
    response.text().then(
      (text) => text.split('\x1e').forEach(packet),
      () => undefined,
    );
  });
  return perTopic;
}

interface Applied {
  /** Samples received in the measured window, all topics. */
  received: number;
  /** Received, inside a panel's window, and not in its series. */
  missing: number;
  /** In a series, never received (a duplicate, or out of order). */
  extra: number;
  /** Received on the socket before the series were read, but not yet in them (in flight; at most a batch). */
  inFlight: number;
  /** Points drawn by each panel's last draw (`data-points`) against the points its series hold. */
  drawnBehind: number;
  ok: boolean;
}

/** Compares what the page received with what its panels hold, once, at the end. */
async function checkApplied(page: Page, received: Map<string, number[]>, receivedInWindow: number): Promise<Applied> {
  const copy = (): Map<string, number[]> => new Map([...received].map(([topic, list]) => [topic, [...list]]));
  const before = copy();
  const panels = await page.locator('.panel[data-topic]').evaluateAll((nodes) =>
    nodes.map((node) => ({
      topic: node.getAttribute('data-topic') ?? '',
      drawn: Number(node.getAttribute('data-points') ?? 0),
      xs: (node as unknown as { livewallXs?: () => number[][] }).livewallXs?.() ?? [],
    })),
  );
  // The network events of what the page held when read may reach this process a little after it.
  await sleep(1_000);
  const seen = copy();
  let missing = 0;
  let extra = 0;
  let inFlight = 0;
  let drawnBehind = 0;
  for (const { topic, drawn, xs } of panels) {
    const got = seen.get(topic) ?? [];
    const gotBefore = before.get(topic) ?? [];
    for (const series of xs) {
      const first = series[0] ?? Infinity;
      const last = series.at(-1) ?? -Infinity;
      const inRange = new Set(got.filter((ts) => ts >= first && ts <= last));
      const held = new Set(series);
      missing += [...inRange].filter((ts) => !held.has(ts)).length;
      extra += series.filter((ts) => !inRange.has(ts)).length + (series.length - held.size);
      inFlight += gotBefore.filter((ts) => ts > last).length;
    }
    drawnBehind += Math.max(0, xs.reduce((sum, series) => sum + series.length, 0) - drawn);
    if (xs.length === 0 || xs.some((series) => series.length === 0)) missing += 1;
  }
  // A batch may be on its way from the socket to the page's JavaScript when the series are read.
  const ok = missing === 0 && extra === 0 && inFlight <= panels.length * 2 * 4;
  return { received: receivedInWindow, missing, extra, inFlight, drawnBehind, ok };
}

interface Measurement {
  page: 'blank' | 'still' | 'tuned' | 'wall' | 'status';
  rate: number | null;
  seconds: number;
  cpu: TreeCpu;
  mainBusyPct: number;
  scriptPct: number;
  /** Style recalculation and layout, the part of the main thread's work that DOM changes cost. */
  stylePct: number;
  layoutPct: number;
  heapStartMb: number;
  heapEndMb: number;
  errors: string[];
  applied?: Applied;
  /** The tuned page's timer ticks over the window, against rate × seconds. */
  ticks?: number;
  /** The status run: tiles on the page at the end, and samples received in the window. */
  tiles?: number;
  received?: number;
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  // Twice: the first pass can leave garbage only a second one finds (weak maps, finalizers).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize / MB;
}

function metric(metrics: { name: string; value: number }[], name: string): number {
  return metrics.find((m) => m.name === name)?.value ?? 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface PageSpec {
  page: Measurement['page'];
  rate: number | null;
  url: string;
  /** Resolves once the page shows what it will show. */
  ready(page: Page): Promise<void>;
  warmUpMs: number;
  measureMs: number;
}

async function openContext(browser: Browser, spec: PageSpec): Promise<{ page: Page; cdp: CDPSession; errors: string[]; received: Map<string, number[]>; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  const received = recordReceived(page);
  const cdp = await context.newCDPSession(page);
  await page.goto(spec.url);
  await spec.ready(page);
  return { page, cdp, errors, received, close: () => context.close() };
}

const count = (received: Map<string, number[]>): number => [...received.values()].reduce((sum, list) => sum + list.length, 0);

/** Loads a page in a fresh context, lets it warm up, and measures it with nothing running in it. */
async function measure(browser: Browser, chromiumPid: number, spec: PageSpec): Promise<Measurement> {
  const opened = await openContext(browser, spec);
  const { page, cdp, errors, received } = opened;
  try {
    await cdp.send('Performance.enable');
    await sleep(spec.warmUpMs);
    const heapStartMb = await heapAfterGc(cdp);
    const ticksBefore = spec.page === 'tuned' || spec.page === 'still' ? await page.evaluate('globalThis.tunedPage.ticks') : 0;
    const receivedBefore = count(received);
    const before = (await cdp.send('Performance.getMetrics')).metrics;
    const from = snapshotTree(chromiumPid);
    await sleep(spec.measureMs);
    const to = snapshotTree(chromiumPid);
    const after = (await cdp.send('Performance.getMetrics')).metrics;
    const seconds = (to.at - from.at) / 1000;
    const receivedInWindow = count(received) - receivedBefore;
    const applied = spec.page === 'wall' ? await checkApplied(page, received, receivedInWindow) : undefined;
    const tilesShown = spec.page === 'status' ? Number(await page.evaluate(`document.querySelectorAll('.tile').length`)) : undefined;
    const ticks = spec.page === 'tuned' ? Number(await page.evaluate('globalThis.tunedPage.ticks')) - Number(ticksBefore) : undefined;
    const heapEndMb = await heapAfterGc(cdp);
    const busy = (name: string): number => round(((metric(after, name) - metric(before, name)) / seconds) * 100);
    return {
      page: spec.page,
      rate: spec.rate,
      seconds: round(seconds),
      cpu: treeCpu(from, to),
      mainBusyPct: busy('TaskDuration'),
      scriptPct: busy('ScriptDuration'),
      stylePct: busy('RecalcStyleDuration'),
      layoutPct: busy('LayoutDuration'),
      heapStartMb: round(heapStartMb, 2),
      heapEndMb: round(heapEndMb, 2),
      errors: [...errors],
      ...(applied ? { applied } : {}),
      ...(ticks === undefined ? {} : { ticks }),
      ...(tilesShown === undefined ? {} : { tiles: tilesShown, received: receivedInWindow }),
    };
  } finally {
    await opened.close();
  }
}

/** Profiles a page's main thread for PROFILE_MS after a short warm-up; saves the profile next to the bench. */
async function profile(browser: Browser, spec: PageSpec, scriptUrl: string, mapFile: string): Promise<ProfileSummary> {
  const opened = await openContext(browser, spec);
  try {
    await sleep(5_000);
    await opened.cdp.send('Profiler.enable');
    await opened.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await opened.cdp.send('Profiler.start');
    await sleep(PROFILE_MS);
    const { profile: result } = await opened.cdp.send('Profiler.stop');
    writeFileSync(`dist/bench/browser-${spec.page}-${spec.rate}hz.cpuprofile`, JSON.stringify(result));
    const maps = new Map([[scriptUrl, new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')))]]);
    return summarizeProfile(result as CpuProfile, maps);
  } finally {
    await opened.close();
  }
}

/** The wall's JavaScript as `npm run build` counts it: every .js in dist/web but the plain-page client. */
function wallJsGzipBytes(): number {
  return readdirSync(WEB_ROOT)
    .filter((file) => file.endsWith('.js') && file !== 'livewall-client.js')
    .reduce((sum, file) => sum + gzipSync(readFileSync(path.join(WEB_ROOT, file)), { level: 9 }).length, 0);
}

/**
 * Polls an expression in the page through CDP. Playwright's `waitForFunction` compiles a string
 * with `new Function` in the page, which the wall's CSP (no 'unsafe-eval') refuses.
 */
async function waitInPage(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting in the page for: ${expression}`);
    await sleep(200);
  }
}

const wallReady = (page: Page): Promise<void> =>
  waitInPage(page, `[...document.querySelectorAll('.panel[data-topic]')].filter((p) => Number(p.getAttribute('data-points')) > 0).length === ${TOPICS}`);
const statusReady = (page: Page): Promise<void> =>
  waitInPage(page, `[...document.querySelectorAll('.tile .tile-value')].filter((v) => v.textContent !== '—').length === ${STATUS_TILES}`);
const tunedReady = (page: Page): Promise<void> => page.waitForFunction('globalThis.tunedPage !== undefined', null, { timeout: 20_000, polling: 200 }).then(() => undefined);

async function main(): Promise<void> {
  await buildTunedPage();
  const jsBytes = wallJsGzipBytes();
  const statics = await startStaticServer();
  // Every rate's server starts now, so its history holds a full window when its wall opens.
  const servers = new Map<number, BenchServer>();
  let statusServer: BenchServer | undefined;
  let browser: Browser | undefined;
  const results: Measurement[] = [];
  const profiles: { page: string; rate: number; summary: ProfileSummary }[] = [];
  try {
    for (const rate of RATES) servers.set(rate, await startBenchServer(wallConfig(rate)));
    statusServer = await startBenchServer(statusConfig());
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const chromiumPid = childNamed(process.pid, 'chromium');
    if (chromiumPid === undefined) throw new Error('cannot find the Chromium process among this process\'s children');
    console.log(
      `browser: ${TOPICS} line charts of 2 series over ${WINDOW_SEC} s at ${RATES.join(' and ')} Hz, ${VIEWPORT.width}×${VIEWPORT.height} at DPR 1; ` +
        `warm-up ${WARM_UP_MS / 1000} s, then ${MEASURE_MS / 1000} s measured per page (floor pages ${FLOOR_WARM_UP_MS / 1000} + ${FLOOR_MEASURE_MS / 1000} s)`,
    );
    const floor = { rate: null, warmUpMs: FLOOR_WARM_UP_MS, measureMs: FLOOR_MEASURE_MS };
    results.push(await measure(browser, chromiumPid, { ...floor, page: 'blank', url: `${statics.url}/blank`, ready: async () => undefined }));
    results.push(await measure(browser, chromiumPid, { ...floor, page: 'still', url: `${statics.url}/tuned?rate=1&still=1&charts=${TOPICS}&window=${WINDOW_SEC}`, ready: tunedReady }));
    for (const rate of RATES) {
      const timing = { rate, warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS };
      results.push(await measure(browser, chromiumPid, { ...timing, page: 'tuned', url: `${statics.url}/tuned?rate=${rate}&charts=${TOPICS}&window=${WINDOW_SEC}`, ready: tunedReady }));
      const server = servers.get(rate) as BenchServer;
      results.push(await measure(browser, chromiumPid, { ...timing, page: 'wall', url: `${server.url}/d/bench`, ready: wallReady }));
    }
    results.push(await measure(browser, chromiumPid, { rate: 1, warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS, page: 'status', url: `${statusServer.url}/d/bench`, ready: statusReady }));
    if (args.profile) {
      for (const rate of RATES) {
        const server = servers.get(rate) as BenchServer;
        const timing = { rate, warmUpMs: 0, measureMs: 0 };
        const tunedUrl = `${statics.url}/tuned?rate=${rate}&charts=${TOPICS}&window=${WINDOW_SEC}`;
        profiles.push({ page: 'tuned', rate, summary: await profile(browser, { ...timing, page: 'tuned', url: tunedUrl, ready: tunedReady }, `${statics.url}/tuned-page.js`, `${TUNED_DIR}/tuned-page.js.map`) });
        profiles.push({ page: 'wall', rate, summary: await profile(browser, { ...timing, page: 'wall', url: `${server.url}/d/bench`, ready: wallReady }, `${server.url}/app.js`, path.join(WEB_ROOT, 'app.js.map')) });
      }
    }
  } finally {
    await browser?.close();
    await Promise.all([...servers.values(), ...(statusServer ? [statusServer] : [])].map((server) => server.close()));
    await statics.close();
  }
  report(results, profiles, jsBytes);
}

function report(results: Measurement[], profiles: { page: string; rate: number; summary: ProfileSummary }[], jsBytes: number): void {
  const tunedAt = (rate: number | null): Measurement | undefined => results.find((r) => r.page === 'tuned' && r.rate === rate);
  const kinds = ['renderer', 'gpu', 'browser', 'network'];
  const other = (m: Measurement): number => [...m.cpu.byKind].filter(([kind]) => !kinds.includes(kind)).reduce((sum, [, pct]) => sum + pct, 0);
  console.log();
  console.log(
    formatTable(
      ['page', 'rate', 'Chromium CPU %', 'vs tuned', 'renderer %', 'GPU %', 'browser %', 'network %', 'other %', 'main busy %', 'script %', 'style %', 'layout %', 'heap MB start → end', 'samples/s', 'applied'],
      results.map((m) => {
        const tuned = tunedAt(m.rate);
        return [
          m.page,
          m.rate === null ? '—' : `${m.rate} Hz`,
          round(m.cpu.totalPct),
          m.page === 'wall' && tuned ? `${round(m.cpu.totalPct / tuned.cpu.totalPct, 2)}×` : '',
          ...kinds.map((kind) => round(m.cpu.byKind.get(kind) ?? 0)),
          round(other(m)),
          m.mainBusyPct,
          m.scriptPct,
          m.stylePct,
          m.layoutPct,
          `${m.heapStartMb} → ${m.heapEndMb}`,
          m.applied ? `${round(m.applied.received / m.seconds)}` : m.ticks !== undefined ? `${round((m.ticks * TOPICS * 2) / m.seconds)} (timer)` : m.received !== undefined ? `${round(m.received / m.seconds)}` : '',
          m.applied ? (m.applied.ok ? 'all' : `MISSING ${m.applied.missing}, extra ${m.applied.extra}, in flight ${m.applied.inFlight}`) : m.tiles !== undefined ? `${m.tiles} tiles` : '',
        ];
      }),
    ),
  );

  // Where the time goes, by thread: every thread that used half a percent of a core somewhere.
  const threads = [...new Set(results.flatMap((m) => [...m.cpu.byThread].filter(([, pct]) => pct >= 0.5).map(([key]) => key)))];
  threads.sort((a, b) => Math.max(...results.map((m) => m.cpu.byThread.get(b) ?? 0)) - Math.max(...results.map((m) => m.cpu.byThread.get(a) ?? 0)));
  console.log();
  console.log(
    formatTable(
      ['thread (process:name), % of a core', ...results.map((m) => `${m.page}${m.rate === null ? '' : ` ${m.rate} Hz`}`)],
      threads.map((key) => [key, ...results.map((m) => round(m.cpu.byThread.get(key) ?? 0))]),
    ),
  );

  for (const { page, rate, summary } of profiles) {
    console.log(`\nprofile: ${page} at ${rate} Hz, main thread, ${summary.totalMs} ms (dist/bench/browser-${page}-${rate}hz.cpuprofile)`);
    console.log(formatTable(['area', 'self ms', '%'], summary.byArea.slice(0, 10).map((e) => [e.name, e.ms, e.pct])));
    console.log(formatTable(['function', 'self ms', '%'], summary.byFunction.slice(0, 15).map((e) => [e.name, e.ms, e.pct])));
  }

  const walls = results.filter((m) => m.page === 'wall');
  const cpuChecks = walls.map((wall) => {
    const tuned = tunedAt(wall.rate) as Measurement;
    const ratio = wall.cpu.totalPct / tuned.cpu.totalPct;
    return { rate: wall.rate as number, wallPct: round(wall.cpu.totalPct), tunedPct: round(tuned.cpu.totalPct), ratio: round(ratio, 2), pass: ratio <= CPU_RATIO_TARGET };
  });
  const statusRun = results.find((m) => m.page === 'status');
  const heapChecks = [...walls, ...(statusRun ? [statusRun] : [])].map((wall) => {
    const growthMb = wall.heapEndMb - wall.heapStartMb;
    return { page: wall.page, rate: wall.rate as number, startMb: wall.heapStartMb, endMb: wall.heapEndMb, pass: growthMb <= Math.max(HEAP_SLACK_MB, wall.heapStartMb * HEAP_SLACK_SHARE) };
  });
  const appliedOk = walls.every((wall) => wall.applied?.ok === true);
  const errors = results.flatMap((m) => m.errors.map((error) => `${m.page} ${m.rate ?? ''}: ${error}`));
  const jsPass = jsBytes <= JS_TARGET_BYTES;
  const statusOk = !statusRun || statusRun.tiles === STATUS_TILES;
  const pass = cpuChecks.every((c) => c.pass) && heapChecks.every((c) => c.pass) && appliedOk && statusOk && jsPass && errors.length === 0;

  const floorOf = (page: string): number => round(results.find((m) => m.page === page)?.cpu.totalPct ?? NaN);
  console.log(`\nfloor: blank page ${floorOf('blank')} %, the charts drawn once and left still ${floorOf('still')} %`);
  for (const c of cpuChecks) {
    const need = round(c.tunedPct * CPU_RATIO_TARGET);
    console.log(`CPU at ${c.rate} Hz: wall ${c.wallPct} % vs tuned ${c.tunedPct} % = ${c.ratio}× (target ≤ ${CPU_RATIO_TARGET}×, i.e. ≤ ${need} %): ${c.pass ? 'met' : `MISSED by ${round(c.wallPct - need)} points`}`);
  }
  for (const wall of walls) {
    const a = wall.applied as Applied;
    console.log(
      `samples at ${wall.rate} Hz: ${a.received} received in the window; ${a.missing} missing, ${a.extra} extra, ${a.inFlight} in flight when read, ${a.drawnBehind} not yet drawn: ${a.ok ? 'every sample applied' : 'NOT every sample applied'}`,
    );
  }
  if (statusRun) {
    const twelveAt1 = walls.find((wall) => wall.rate === 1);
    console.log(
      `status panel of ${STATUS_TILES} tiles at 1 Hz: ${round(statusRun.cpu.totalPct)} % Chromium CPU, main thread ${statusRun.mainBusyPct} % busy ` +
        `(style ${statusRun.stylePct} %, layout ${statusRun.layoutPct} %)${twelveAt1 ? `; the 12-line wall at 1 Hz: ${round(twelveAt1.cpu.totalPct)} %` : ''}; ${statusRun.tiles} tiles shown: ${statusOk ? 'all' : 'NOT all'}`,
    );
  }
  for (const c of heapChecks) console.log(`heap of the ${c.page} at ${c.rate} Hz: ${c.startMb} → ${c.endMb} MB after GC: ${c.pass ? 'flat' : 'GREW'}`);
  console.log(`JS: ${round(jsBytes / 1024)} KB gzip (target ≤ ${JS_TARGET_BYTES / 1024} KB): ${jsPass ? 'met' : `MISSED by ${round((jsBytes - JS_TARGET_BYTES) / 1024)} KB`}`);
  if (errors.length > 0) console.log(`page errors:\n  ${errors.slice(0, 5).join('\n  ')}`);
  console.log(`verdict: ${pass ? 'PASS' : 'FAIL'}`);

  printJson('browser', {
    pass,
    viewport: VIEWPORT,
    topics: TOPICS,
    windowSec: WINDOW_SEC,
    warmUpSec: WARM_UP_MS / 1000,
    measureSec: MEASURE_MS / 1000,
    cpu: cpuChecks,
    heap: heapChecks,
    applied: appliedOk,
    ...(statusRun ? { status: { tiles: statusRun.tiles, cpuPct: round(statusRun.cpu.totalPct), mainBusyPct: statusRun.mainBusyPct, stylePct: statusRun.stylePct, layoutPct: statusRun.layoutPct } } : {}),
    jsGzipKb: round(jsBytes / 1024),
    floor: { blankPct: floorOf('blank'), stillPct: floorOf('still') },
    pages: results.map((m) => ({
      page: m.page,
      rate: m.rate,
      seconds: m.seconds,
      cpuPct: round(m.cpu.totalPct),
      byKind: Object.fromEntries([...m.cpu.byKind].map(([kind, pct]) => [kind, round(pct)])),
      mainBusyPct: m.mainBusyPct,
      scriptPct: m.scriptPct,
      stylePct: m.stylePct,
      layoutPct: m.layoutPct,
      heapStartMb: m.heapStartMb,
      heapEndMb: m.heapEndMb,
      ...(m.applied ? { applied: m.applied } : {}),
      ...(m.ticks === undefined ? {} : { ticks: m.ticks }),
    })),
    pageErrors: errors.length,
  });
  if (!pass) process.exitCode = 1;
}

await main();
