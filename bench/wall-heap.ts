/**
 * Wall heap soak: a real server with fast simulated feeds, and the wall open in Chromium
 * with a panel for every topic and windows short enough to fill and start trimming early.
 * The JS heap is sampled after a forced GC every few seconds. The baseline is the heap
 * once every window has filled (the median of the warm-up's last samples, taken after
 * the windows filled); the verdict compares the median of the run's last samples with
 * it, and the heap's trend over the soak (a Theil–Sen slope, which one stray sample
 * cannot swing). The samples the page received over its websocket are counted against the
 * points its panels hold, to show that what a wall keeps is bounded.
 *
 *   node dist/bench/wall-heap.js [--warmup 30] [--seconds 90] [--every 5]
 */
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import type { ConfigInput } from '../src/config/schema';
import { startBenchServer, type BenchServer } from './support/server-handle';
import { simulatedFeeds } from './support/simulated-feeds';
import { MB, median, robustSlope, round } from './support/stats';
import { formatTable, printJson } from './support/table';

const TOPICS = 12;
const INTERVAL_MS = 100;
const WINDOW_SEC = 20;
const PANEL_TYPES = ['line', 'area', 'bar', 'stat'] as const;
/** Fail when the heap ends this much above the baseline… */
const MAX_GROWTH_PCT = 25;
/** …or keeps climbing at this rate. Keeping every point received would be ~0.6 MB/min here. */
const MAX_SLOPE_MB_PER_MIN = 0.5;
/** How many samples the baseline and the end are each the median of. */
const SAMPLES_PER_MEDIAN = 3;
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const { values: args } = parseArgs({
  options: {
    warmup: { type: 'string', default: String(WINDOW_SEC + 15) },
    seconds: { type: 'string', default: '85' },
    every: { type: 'string', default: '5' },
  },
});
const WARM_UP_MS = Number(args.warmup) * 1000;
const SOAK_MS = Number(args.seconds) * 1000;
const EVERY_MS = Number(args.every) * 1000;

const feeds = simulatedFeeds(TOPICS, INTERVAL_MS);
const config: ConfigInput = {
  server: { logLevel: 'silent' },
  storage: false,
  feeds,
  dashboards: [
    {
      id: 'soak',
      title: 'Heap soak',
      panels: feeds.map((feed, i) => ({ topic: feed.topic, type: PANEL_TYPES[i % PANEL_TYPES.length], windowSec: WINDOW_SEC })),
    },
  ],
};

/** How many series a panel draws: a stat panel one, the others every field of the topic. */
function seriesCount(topic: string, type: string): number {
  if (type === 'stat') return 1;
  return topic.startsWith('stocks.') ? 3 : 2;
}

/** The most points a panel can hold: samples are at least INTERVAL_MS apart, within WINDOW_SEC. */
function pointBound(topic: string, type: string): number {
  return seriesCount(topic, type) * ((WINDOW_SEC * 1000) / INTERVAL_MS + 1);
}

interface PanelPoints {
  topic: string;
  type: string;
  points: number;
}

interface HeapSample {
  phase: 'warm-up' | 'soak';
  atSec: number;
  heapMb: number;
  domNodes: number;
  listeners: number;
  samplesReceived: number;
  pointsReceived: number;
  pointsHeld: number;
  serverRssMb: number;
  serverHeapMb: number;
}

/** Counts the samples the page receives, from its websocket frames (Socket.IO over Engine.IO). */
function countReceived(page: Page): Map<string, number> {
  const perTopic = new Map<string, number>();
  const add = (topic: string, n: number): void => void perTopic.set(topic, (perTopic.get(topic) ?? 0) + n);
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      // "42[event, arg]" is an event, "43<id>[response]" an ack (here, subscribe's backfill).
      const match = /^4([23])\d*(\[.*)$/s.exec(payload);
      if (!match) return;
      const body = JSON.parse(match[2] as string) as unknown[];
      if (match[1] === '2' && body[0] === 'dashboard update') {
        for (const sample of body[1] as { topic: string }[]) add(sample.topic, 1);
      } else if (match[1] === '3') {
        const ack = body[0] as { ok?: boolean; topics?: { topic: string; history: unknown[] }[] };
        for (const topic of ack.topics ?? []) add(topic.topic, topic.history.length);
      }
    });
  });
  return perTopic;
}

async function panelPoints(page: Page): Promise<PanelPoints[]> {
  return page.locator('.panel[data-topic]').evaluateAll((panels) =>
    panels.map((panel) => ({
      topic: panel.getAttribute('data-topic') ?? '',
      type: panel.getAttribute('data-type') ?? '',
      points: Number(panel.getAttribute('data-points') ?? 0),
    })),
  );
}

async function takeSample(phase: HeapSample['phase'], startedAt: number, cdp: CDPSession, page: Page, received: Map<string, number>, server: BenchServer): Promise<HeapSample> {
  // Twice: the first pass can leave garbage that only a second one finds (weak maps, finalizers).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const panels = await panelPoints(page);
  const stats = await server.stats();
  return {
    phase,
    atSec: Math.round((Date.now() - startedAt) / 1000),
    heapMb: round(heap.usedSize / MB, 2),
    domNodes: dom.nodes,
    listeners: dom.jsEventListeners,
    samplesReceived: [...received.values()].reduce((sum, n) => sum + n, 0),
    pointsReceived: panels.reduce((sum, p) => sum + (received.get(p.topic) ?? 0) * seriesCount(p.topic, p.type), 0),
    pointsHeld: panels.reduce((sum, p) => sum + p.points, 0),
    serverRssMb: round(stats.rss / MB),
    serverHeapMb: round(stats.heapUsed / MB),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const server = await startBenchServer(config);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  const samples: HeapSample[] = [];
  const errors: string[] = [];
  let finalPanels: PanelPoints[] = [];
  let received = new Map<string, number>();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    received = countReceived(page);
    const cdp = await context.newCDPSession(page);
    const startedAt = Date.now();
    await page.goto(`${server.url}/d/soak`);
    await page.waitForFunction(`[...document.querySelectorAll('.panel[data-topic]')].filter((p) => Number(p.getAttribute('data-points')) > 0).length === ${TOPICS}`, null, { timeout: 15_000, polling: 100 });
    console.log(`wall-heap: ${TOPICS} panels (${PANEL_TYPES.join('/')}), feeds every ${INTERVAL_MS} ms, windows of ${WINDOW_SEC} s; warm-up ${WARM_UP_MS / 1000} s, soak ${SOAK_MS / 1000} s, a sample every ${EVERY_MS / 1000} s`);

    const sampleAt = async (phase: HeapSample['phase'], until: number): Promise<void> => {
      while (Date.now() + EVERY_MS <= until + 500) {
        await sleep(EVERY_MS - ((Date.now() - startedAt) % EVERY_MS));
        samples.push(await takeSample(phase, startedAt, cdp, page, received, server));
      }
    };
    await sampleAt('warm-up', startedAt + WARM_UP_MS);
    await sampleAt('soak', startedAt + WARM_UP_MS + SOAK_MS);
    finalPanels = await panelPoints(page);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }

  const soak = samples.filter((s) => s.phase === 'soak');
  // The baseline samples are the warm-up's last ones taken with every window already full.
  const filled = samples.filter((s) => s.phase === 'warm-up' && s.atSec > WINDOW_SEC + 1).slice(-SAMPLES_PER_MEDIAN);
  const last = soak.slice(-SAMPLES_PER_MEDIAN);
  const end = last.at(-1);
  if (filled.length === 0 || !end || soak.length < 2 * SAMPLES_PER_MEDIAN) throw new Error('too few samples: lengthen --warmup and --seconds');
  const baselineMb = round(median(filled.map((s) => s.heapMb)), 2);
  const endMb = round(median(last.map((s) => s.heapMb)), 2);
  const baseline = filled.at(-1) as HeapSample;
  console.log(
    formatTable(
      ['phase', 's', 'heap MB', 'vs baseline', 'DOM nodes', 'listeners', 'samples received', 'points received', 'points held', 'server heap MB', 'server RSS MB'],
      samples.map((s) => [
        filled.includes(s) ? 'baseline' : last.includes(s) ? 'end' : s.phase,
        s.atSec,
        s.heapMb,
        `${s.heapMb >= baselineMb ? '+' : ''}${round(((s.heapMb - baselineMb) / baselineMb) * 100)} %`,
        s.domNodes,
        s.listeners,
        s.samplesReceived,
        s.pointsReceived,
        s.pointsHeld,
        s.serverHeapMb,
        s.serverRssMb,
      ]),
    ),
  );
  console.log();
  console.log(
    formatTable(
      ['panel', 'type', 'samples received', 'points held', 'bound'],
      finalPanels.map((p) => [p.topic, p.type, received.get(p.topic) ?? 0, p.points, pointBound(p.topic, p.type)]),
    ),
  );

  const growthPct = round(((endMb - baselineMb) / baselineMb) * 100);
  const slopeMbPerMin = round(robustSlope([...filled, ...soak].map((s) => ({ x: s.atSec / 60, y: s.heapMb }))), 3);
  const overBound = finalPanels.filter((p) => p.points > pointBound(p.topic, p.type)).map((p) => p.topic);
  const pass = growthPct <= MAX_GROWTH_PCT && slopeMbPerMin <= MAX_SLOPE_MB_PER_MIN;
  console.log(
    `\nheap ${baselineMb} MB at baseline (median of ${filled.map((s) => `${s.atSec} s`).join(', ')}) → ${endMb} MB at the end (median of ${last.map((s) => `${s.atSec} s`).join(', ')}): ${growthPct >= 0 ? '+' : ''}${growthPct} %, slope ${slopeMbPerMin} MB/min`,
  );
  console.log(
    `points: ${end.pointsHeld} held after ${end.pointsReceived} received (${round((end.pointsHeld / end.pointsReceived) * 100)} %); held at baseline ${baseline.pointsHeld}; ${overBound.length === 0 ? 'every panel within its bound' : `OVER BOUND: ${overBound.join(', ')}`}`,
  );
  console.log(`server heap ${baseline.serverHeapMb} → ${end.serverHeapMb} MB, RSS ${baseline.serverRssMb} → ${end.serverRssMb} MB`);
  console.log(`DOM nodes ${baseline.domNodes} → ${end.domNodes}, listeners ${baseline.listeners} → ${end.listeners}; page errors: ${errors.length}${errors.length ? `\n  ${errors.slice(0, 5).join('\n  ')}` : ''}`);
  console.log(`verdict: ${pass ? 'PASS' : 'FAIL'}: growth ${growthPct} % (limit ${MAX_GROWTH_PCT} %), slope ${slopeMbPerMin} MB/min (limit ${MAX_SLOPE_MB_PER_MIN})`);
  printJson('wall-heap', {
    pass,
    topics: TOPICS,
    intervalMs: INTERVAL_MS,
    windowSec: WINDOW_SEC,
    baselineMb,
    endMb,
    growthPct,
    slopeMbPerMin,
    limits: { growthPct: MAX_GROWTH_PCT, slopeMbPerMin: MAX_SLOPE_MB_PER_MIN },
    samplesReceived: end.samplesReceived,
    pointsReceived: end.pointsReceived,
    pointsHeld: end.pointsHeld,
    pointsHeldAtBaseline: baseline.pointsHeld,
    panelsOverBound: overBound,
    domNodes: { baseline: baseline.domNodes, end: end.domNodes },
    listeners: { baseline: baseline.listeners, end: end.listeners },
    serverHeapMb: { baseline: baseline.serverHeapMb, end: end.serverHeapMb },
    serverRssMb: { baseline: baseline.serverRssMb, end: end.serverRssMb },
    pageErrors: errors.length,
    panels: finalPanels.map((p) => ({ ...p, samplesReceived: received.get(p.topic) ?? 0, bound: pointBound(p.topic, p.type) })),
    samples,
  });
  if (!pass) process.exitCode = 1;
}

await main();
