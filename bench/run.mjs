// Runs the benchmarks: bundles bench/*.ts with esbuild (as scripts/build.mjs does the server),
// runs each in its own process with a time limit, then prints a summary and every result as
// JSON. `npm run bench` builds the wall first; `npm run bench -- fan-out` runs one bench;
// `npm run bench -- --nodes 2` runs only scale-out, with that many cluster nodes.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { NODE_BUNDLE } from '../scripts/esbuild-options.mjs';

/** Each bench, with the most time it may take before it is stopped. */
const BENCHES = [
  { name: 'wall-heap', limitMs: 200_000 },
  { name: 'collectors', limitMs: 180_000 },
  { name: 'fan-out', limitMs: 900_000 },
  { name: 'store-size', limitMs: 120_000 },
  // Push, MQTT and config edits to a wall in Chromium; needs Mosquitto on 127.0.0.1:1883, so by name only.
  { name: 'data-in', limitMs: 180_000, onRequest: true },
  // Needs a Redis on 127.0.0.1:6379: run by name or with --nodes, not by a plain `npm run bench`.
  { name: 'scale-out', limitMs: 180_000, onRequest: true },
  // The wall in Chromium against a tuned Chart.js page, and a 200-tile status panel: about five minutes, so by name only.
  { name: 'browser', limitMs: 480_000, onRequest: true },
];
const OUT_DIR = 'dist/bench';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { nodes: { type: 'string' } } });
const unknown = positionals.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (choose from ${BENCHES.map((b) => b.name).join(', ')})`);
  process.exit(2);
}
if (options.nodes !== undefined && (!/^[1-8]$/.test(options.nodes) || positionals.some((name) => name !== 'scale-out'))) {
  console.error('--nodes N (1 to 8) runs the scale-out bench alone, with N cluster nodes');
  process.exit(2);
}
const chosen = options.nodes !== undefined ? BENCHES.filter((bench) => bench.name === 'scale-out') : positionals.length > 0 ? BENCHES.filter((bench) => positionals.includes(bench.name)) : BENCHES.filter((bench) => !bench.onRequest);
/** Arguments for a bench's own process: only scale-out takes any from here. */
const argsOf = (name) => (name === 'scale-out' && options.nodes !== undefined ? ['--nodes', options.nodes] : []);

await esbuild.build({
  entryPoints: [...chosen.map((bench) => `bench/${bench.name}.ts`), 'bench/support/server-process.ts', 'bench/support/load-client.ts', 'bench/baseline/naive-server.ts'],
  outdir: OUT_DIR,
  outbase: 'bench',
  ...NODE_BUNDLE,
});

const summary = [];
for (const bench of chosen) {
  console.log(`\n=== ${bench.name} ===`);
  const started = Date.now();
  const { code, results } = await runBench(bench);
  const seconds = Math.round((Date.now() - started) / 1000);
  summary.push({ name: bench.name, code, seconds, result: results.at(-1) });
}

console.log('\n=== summary ===');
for (const { name, code, seconds, result } of summary) {
  const verdict = code === 0 ? 'PASS' : code === null ? 'TIMED OUT' : `FAIL (exit ${code})`;
  console.log(`${name.padEnd(10)} ${verdict.padEnd(14)} ${String(seconds).padStart(4)} s  ${result ? headline(result) : 'no result'}`);
}
writeFileSync(`${OUT_DIR}/results.json`, `${JSON.stringify(summary.map(({ result }) => result).filter(Boolean), null, 2)}\n`);
console.log(`results: ${OUT_DIR}/results.json`);
process.exitCode = summary.every(({ code }) => code === 0) ? 0 : 1;

/** Runs one bundled bench, echoing its output and keeping its `{"bench":…}` lines. */
function runBench({ name, limitMs }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', `${OUT_DIR}/${name}.js`, ...argsOf(name)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results = [];
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{"bench":')) results.push(JSON.parse(line));
    });
    // SIGTERM lets the bench close its browser and server; its server process also exits when the bench does.
    const timer = setTimeout(() => {
      console.error(`${name}: over its ${limitMs / 1000} s limit, stopping it`);
      child.kill('SIGTERM');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, results });
    });
  });
}

/** One line per bench for the summary. */
function headline(result) {
  if (result.bench === 'wall-heap') {
    return `heap ${result.baselineMb} → ${result.endMb} MB (${result.growthPct} %), slope ${result.slopeMbPerMin} MB/min; points held ${result.pointsHeld} of ${result.pointsReceived} received`;
  }
  if (result.bench === 'fan-out') return result.verdicts.join('; ');
  if (result.bench === 'data-in') return result.verdicts.join('; ');
  if (result.bench === 'store-size') return result.shapes.map((shape) => `${shape.shape}: ${shape.kbPerTopicPerDay} KB/topic/day, ${shape.bytesPerSampleOfDay} B/sample`).join('; ');
  if (result.bench === 'scale-out') {
    const [a, b] = result.runs;
    const run = (r) => `${r.nodes} node${r.nodes === 1 ? '' : 's'} ${r.deliveredPerSec}/s, p99 ${r.latencyP99Ms} ms, ${r.cpuUsPerSample} µs/sample`;
    return `${run(a)}; ${run(b)} (CPU/sample ${result.ratios.cpuUsPerSample}×); duplicates ${b.duplicates}, lost ${b.lostPct} %`;
  }
  if (result.bench === 'collectors') {
    const run = (name, source) => result.runs.find((r) => r.run === name && r.source === source);
    const [linux, si] = [run('default intervals', 'linux'), run('default intervals', 'systeminformation')];
    return `default system feeds: ${linux.cpuPct} % of a core, ${linux.processesPerSec ?? 'n/a'} processes/s (systeminformation ${si.cpuPct} %, ${si.processesPerSec ?? 'n/a'}/s); all at 1 Hz: ${run('all at 1 Hz', 'linux').cpuPct} %`;
  }
  return '';
}
