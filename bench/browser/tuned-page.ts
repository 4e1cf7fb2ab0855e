/**
 * The baseline of `npm run bench -- browser`: a plain Chart.js page, tuned along Chart.js's
 * performance guide (https://www.chartjs.org/docs/latest/general/performance.html), drawing
 * what the wall draws: `charts` line charts of two series over a `window`-second window,
 * fed `rate` times a second by a timer in the page. Every chart is updated in the same
 * timer task, so each tick costs one frame.
 *
 * Tuned as the guide says: no animation, `parsing: false` with `{x, y}` points sorted by x,
 * `normalized`, min-max decimation, no points, fixed tick rotation, a small tick sample size,
 * `spanGaps`, fixed x bounds, and `update('none')`. Only the parts drawn are registered.
 *
 * Bundled by bench/browser.ts; `/tuned?rate=10&charts=12&window=60`, and `&still=1` for the
 * floor: the same charts drawn once and left still.
 */
import { Chart, Decimation, LinearScale, LineController, LineElement, PointElement, type ChartConfiguration } from 'chart.js';

// bench/ is type-checked without the DOM library: these are the only page globals used.
declare const location: { readonly search: string };
declare const document: { getElementById(id: string): { innerHTML: string } | null };

/** What the bench reads once the run is over: ticks run and points held. */
interface TunedPage {
  ticks: number;
  points(): number;
}

const params = new URLSearchParams(location.search);
const rate = Number(params.get('rate') ?? 1);
const chartCount = Number(params.get('charts') ?? 12);
const windowMs = Number(params.get('window') ?? 60) * 1000;
const intervalMs = 1000 / rate;
const still = params.get('still') === '1';

interface Point {
  x: number;
  y: number;
}

/** A seeded random walk, so every run draws the same shapes. */
function randomWalk(seed: number, start: number, step: number): () => number {
  let state = seed >>> 0;
  let value = start;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const uniform = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    value += (uniform - 0.5) * step;
    return Math.round(value * 100) / 100;
  };
}

Chart.register(LineController, LineElement, PointElement, LinearScale, Decimation);

const grid = document.getElementById('grid');
if (grid) {
  grid.innerHTML = Array.from(
    { length: chartCount },
    (_, i) => `<section class="panel"><h2>Chart ${i + 1}</h2><div class="box"><canvas id="chart-${i}"></canvas></div></section>`,
  ).join('');
}

const timeLabel = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const started = Date.now();
const charts = Array.from({ length: chartCount }, (_, i) => {
  const walks = [randomWalk(i * 2 + 1, 22, 0.6), randomWalk(i * 2 + 2, 55, 1.2)];
  // A full window to start with, as the wall gets from its server's history.
  const series: Point[][] = walks.map((next) => {
    const points: Point[] = [];
    for (let t = started - windowMs; t <= started; t += intervalMs) points.push({ x: t, y: next() });
    return points;
  });
  const config: ChartConfiguration<'line', Point[]> = {
    type: 'line',
    data: {
      datasets: series.map((data, j) => ({
        data,
        borderColor: j === 0 ? '#4fc3f7' : '#ffb74d',
        borderWidth: 2.5,
        pointRadius: 0,
        pointHoverRadius: 0,
        tension: 0,
        spanGaps: true,
        fill: false,
      })),
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      plugins: { decimation: { enabled: true, algorithm: 'min-max' } },
      scales: {
        x: {
          type: 'linear',
          min: started - windowMs,
          max: started,
          grid: { color: 'rgba(255,255,255,0.07)' },
          ticks: { color: '#8b97a7', minRotation: 0, maxRotation: 0, sampleSize: 4, callback: (value) => timeLabel.format(Number(value)) },
        },
        y: {
          type: 'linear',
          grid: { color: 'rgba(255,255,255,0.07)' },
          ticks: { color: '#8b97a7', minRotation: 0, maxRotation: 0, sampleSize: 4 },
        },
      },
    },
  };
  return { chart: new Chart(`chart-${i}`, config as ChartConfiguration), walks, series };
});

const page: TunedPage = {
  ticks: 0,
  points: () => charts.reduce((sum, { series }) => sum + series.reduce((n, points) => n + points.length, 0), 0),
};
(globalThis as { tunedPage?: TunedPage }).tunedPage = page;

if (!still) setInterval(() => {
  const now = Date.now();
  for (const { chart, walks, series } of charts) {
    series.forEach((points, j) => {
      points.push({ x: now, y: (walks[j] as () => number)() });
      let old = 0;
      while (old < points.length && (points[old] as Point).x < now - windowMs) old += 1;
      if (old > 0) points.splice(0, old);
    });
    const x = chart.options.scales?.x;
    if (x) {
      x.min = now - windowMs;
      x.max = now;
    }
    chart.update('none');
  }
  page.ticks += 1;
}, intervalMs);
