/**
 * Data in, to the wall: how long a pushed sample, an MQTT message and an edit of the config
 * file take to show on a wall in Chromium, against what the same moment costs without the wall
 * (a socket.io-client in Node, subscribed to the topic) and, for MQTT, without Livewall at all
 * (a plain MQTT subscriber on the same broker). The difference is what Livewall and the wall add.
 *
 * Target (issue 6): a push and an MQTT message are on the wall within a second (p95), and an edit
 * adds a panel with its data within two seconds. Needs Chromium and Mosquitto on 127.0.0.1:1883.
 *
 *   node dist/bench/data-in.js [--rounds 40]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectAsync } from 'mqtt';
import { chromium, type Page } from 'playwright-core';
import { pino } from 'pino';
import { io as connectSocket } from 'socket.io-client';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/load';
import type { ConfigInput } from '../src/config/schema';
import { EVENTS, type ClientToServerEvents, type Sample, type ServerToClientEvents } from '../src/protocol';
import type { Socket } from 'socket.io-client';
import { WEB_ROOT } from './support/server-handle';
import { median, percentile, round } from './support/stats';
import { formatTable, printJson } from './support/table';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '40' }, edits: { type: 'string', default: '5' } } });
const ROUNDS = Math.min(200, Math.max(5, Number(args.rounds) || 40));
const EDITS = Math.min(20, Math.max(2, Number(args.edits) || 5));
const BROKER = 'mqtt://127.0.0.1:1883';
const TOKEN = 'data-in-bench-token-0123456789';
const PREFIX = `livewall-bench/${process.pid}`;
/** A round waits at most this long for every observer before it counts as lost. */
const ROUND_LIMIT_MS = 5_000;
const TARGET_P95_MS = 1_000;
const TARGET_EDIT_MS = 2_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function configWith(extraPanels: number): ConfigInput {
  return {
    server: { logLevel: 'silent' },
    storage: false,
    feeds: [
      { kind: 'push', topic: 'bench.push', fields: [{ name: 'v' }], token: TOKEN },
      { kind: 'mqtt', url: BROKER, subscribe: `${PREFIX}/+`, topic: 'bench.{1}', fields: [{ name: 'v', path: '$.v' }] },
      ...Array.from({ length: extraPanels }, (_, i) => ({ kind: 'push' as const, topic: `bench.added${i}`, fields: [{ name: 'v' }], token: TOKEN })),
    ],
    dashboards: [
      {
        id: 'bench',
        title: 'Data in',
        panels: [
          { topic: 'bench.push', type: 'line' as const, windowSec: 600 },
          { topic: 'bench.device', type: 'line' as const, windowSec: 600 },
          ...Array.from({ length: extraPanels }, (_, i) => ({ topic: `bench.added${i}`, type: 'stat' as const })),
        ],
      },
    ],
  };
}

/**
 * Records in the page, by the machine's clock (`Date.now()` is the same clock in Node and in
 * Chromium here), when each panel's newest value on screen changes. Points are no measure: a
 * panel keeps one point per pixel-wide bucket of its window, so a new sample may replace one.
 */
const PAGE_PROBE = `
  window.__shown = [];
  const last = new Map();
  new MutationObserver(() => {
    const at = Date.now();
    for (const panel of document.querySelectorAll('.panel[data-topic]')) {
      const text = panel.querySelector('.legend-value, .stat-value')?.textContent ?? '';
      if (last.get(panel.dataset.topic) === text) continue;
      last.set(panel.dataset.topic, text);
      window.__shown.push({ topic: panel.dataset.topic, value: parseFloat(text), at });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

interface Stage {
  path: string;
  observer: string;
  latencies: number[];
  lost: number;
}

function summarise(stage: Stage): { path: string; observer: string; n: number; p50: number; p95: number; max: number; lost: number } {
  const values = stage.latencies;
  return {
    path: stage.path,
    observer: stage.observer,
    n: values.length,
    p50: round(values.length ? median(values) : Number.NaN),
    p95: round(values.length ? percentile(values, 95) : Number.NaN),
    max: round(values.length ? Math.max(...values) : Number.NaN),
    lost: stage.lost,
  };
}

/** When the wall first showed `value` as the newest of `topic`, at or after `since`; undefined after ROUND_LIMIT_MS. */
async function shownAt(page: Page, topic: string, value: number, since: number): Promise<number | undefined> {
  const deadline = Date.now() + ROUND_LIMIT_MS;
  for (;;) {
    const at = await page.evaluate(
      `(window.__shown.find((s) => s.topic === ${JSON.stringify(topic)} && s.value === ${value} && s.at >= ${since}) || {}).at`,
    );
    if (typeof at === 'number') return at;
    if (Date.now() > deadline) return undefined;
    await sleep(5);
  }
}

/** What the run opened, closed in reverse order however it ends (a missing broker, SIGTERM). */
const cleanups: (() => unknown)[] = [];
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
}

async function main(): Promise<void> {
  try {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-data-in-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'livewall.json');
    await writeFile(file, JSON.stringify(configWith(0), null, 2));
    const app = createApp({ config: await loadConfig(file), configFile: file, watchConfig: true, webRoot: WEB_ROOT, log: pino({ level: 'silent' }) });
    cleanups.push(() => app.close());
    const url = await app.listen(0, '127.0.0.1');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const mqtt = await connectAsync(BROKER, { connectTimeout: 5_000, reconnectPeriod: 0 });
    cleanups.push(() => mqtt.endAsync(true));
    const listener = await connectAsync(BROKER, { connectTimeout: 5_000, reconnectPeriod: 0 });
    cleanups.push(() => listener.endAsync(true));
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(url, { transports: ['websocket'], forceNew: true });
    cleanups.push(() => socket.close());

    // A viewer in Node: when a sample reaches a client that needs no drawing.
    const arrivals = new Map<string, number>();
    socket.on(EVENTS.dashboardUpdate, (batch: Sample[]) => {
      const at = Date.now();
      for (const sample of batch) arrivals.set(`${sample.topic}:${sample.values.v}`, at);
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await socket.timeout(5_000).emitWithAck(EVENTS.subscribe, { topics: ['bench.push', 'bench.device'] });
    // The broker alone: when a plain subscriber gets the message.
    const brokerArrivals = new Map<string, number>();
    await listener.subscribeAsync(`${PREFIX}/+`);
    listener.on('message', (_topic, payload) => brokerArrivals.set(payload.toString(), Date.now()));

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(PAGE_PROBE);
    await page.goto(`${url}/d/bench`);
    await page.waitForSelector('.badge[data-state="connected"]');

    const stages: Stage[] = [
      { path: 'push (HTTP POST)', observer: 'socket.io-client in Node', latencies: [], lost: 0 },
      { path: 'push (HTTP POST)', observer: 'wall in Chromium', latencies: [], lost: 0 },
      { path: 'MQTT publish', observer: 'plain MQTT subscriber', latencies: [], lost: 0 },
      { path: 'MQTT publish', observer: 'socket.io-client in Node', latencies: [], lost: 0 },
      { path: 'MQTT publish', observer: 'wall in Chromium', latencies: [], lost: 0 },
    ];
    const [pushNode, pushWall, mqttBroker, mqttNode, mqttWall] = stages as [Stage, Stage, Stage, Stage, Stage];
    const waitFor = async (map: Map<string, number>, key: string): Promise<number | undefined> => {
      const deadline = Date.now() + ROUND_LIMIT_MS;
      while (!map.has(key) && Date.now() < deadline) await sleep(2);
      return map.get(key);
    };
    const record = (stage: Stage, at: number | undefined, sent: number): void => {
      if (at === undefined) stage.lost += 1;
      else stage.latencies.push(at - sent);
    };

    // The first MQTT message creates bench.device; then the rounds.
    await mqtt.publishAsync(`${PREFIX}/device`, JSON.stringify({ v: -1 }));
    await waitFor(arrivals, 'bench.device:-1');
    await sleep(500);

    for (let round = 0; round < ROUNDS; round++) {
      const pushSent = Date.now();
      const res = await fetch(`${url}/api/topics/bench.push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ values: { v: round } }),
      });
      if (res.status !== 202) throw new Error(`push answered ${res.status}: ${await res.text()}`);
      record(pushNode, await waitFor(arrivals, `bench.push:${round}`), pushSent);
      record(pushWall, await shownAt(page, 'bench.push', round, pushSent), pushSent);
      // Flushes to viewers are at most 20 a second: the MQTT message must not wait behind the push's.
      await sleep(60);

      const mqttSent = Date.now();
      await mqtt.publishAsync(`${PREFIX}/device`, JSON.stringify({ v: round }));
      record(mqttBroker, await waitFor(brokerArrivals, JSON.stringify({ v: round })), mqttSent);
      record(mqttNode, await waitFor(arrivals, `bench.device:${round}`), mqttSent);
      record(mqttWall, await shownAt(page, 'bench.device', round, mqttSent), mqttSent);
      // Spread over time, as real pushes are, rather than back to back within one frame.
      await sleep(50 + (round % 5) * 17);
    }

    // Edits of the file: each adds a push topic and a stat panel; timed until the panel shows a pushed sample.
    const configChanged = new Map<string, number>();
    socket.on(EVENTS.configChanged, (state) => configChanged.set(state.version, Date.now()));
    const edits: Stage = { path: 'config file edit', observer: 'wall: new panel with data', latencies: [], lost: 0 };
    const notified: Stage = { path: 'config file edit', observer: 'config changed event in Node', latencies: [], lost: 0 };
    for (let edit = 1; edit <= EDITS; edit++) {
      const topic = `bench.added${edit - 1}`;
      const seenBefore = configChanged.size;
      const written = Date.now();
      await writeFile(file, JSON.stringify(configWith(edit), null, 2));
      // Push once the reload made the topic (404 before), then time the new panel showing it.
      const deadline = written + ROUND_LIMIT_MS;
      let status = 0;
      while (status !== 202 && Date.now() < deadline) {
        status = (await fetch(`${url}/api/topics/${topic}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: `{"values":{"v":${edit}}}` })).status;
        if (status !== 202) await sleep(10);
      }
      const shown = status === 202 ? await shownAt(page, topic, edit, written) : undefined;
      record(edits, shown, written);
      record(notified, configChanged.size > seenBefore ? Math.max(...configChanged.values()) : undefined, written);
      await sleep(300);
    }

    const rows = [...stages, notified, edits].map(summarise);
    console.log(`\n${ROUNDS} rounds of push and MQTT, ${EDITS} edits; milliseconds from sending to being seen`);
    console.log(formatTable(['path', 'seen by', 'n', 'p50', 'p95', 'max', 'lost'], rows.map((r) => [r.path, r.observer, r.n, r.p50, r.p95, r.max, r.lost])));
    const added = (wall: Stage, node: Stage): number => round(median(wall.latencies) - median(node.latencies));
    const verdicts = [
      `push on the wall p95 ${summarise(pushWall).p95} ms (target ≤ ${TARGET_P95_MS}): ${summarise(pushWall).p95 <= TARGET_P95_MS && pushWall.lost === 0 ? 'PASS' : 'FAIL'}; the wall adds ${added(pushWall, pushNode)} ms (p50) to a Node viewer`,
      `MQTT on the wall p95 ${summarise(mqttWall).p95} ms (target ≤ ${TARGET_P95_MS}): ${summarise(mqttWall).p95 <= TARGET_P95_MS && mqttWall.lost === 0 ? 'PASS' : 'FAIL'}; Livewall adds ${added(mqttNode, mqttBroker)} ms (p50) to the broker alone, the wall ${added(mqttWall, mqttNode)} ms more`,
      `an edit adds a panel with data in p95 ${summarise(edits).p95} ms (target ≤ ${TARGET_EDIT_MS}): ${summarise(edits).p95 <= TARGET_EDIT_MS && edits.lost === 0 ? 'PASS' : 'FAIL'}`,
    ];
    for (const verdict of verdicts) console.log(verdict);
    printJson('data-in', { rounds: ROUNDS, edits: EDITS, rows, verdicts });
    process.exitCode = verdicts.every((verdict) => verdict.includes('PASS')) ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
await main();
