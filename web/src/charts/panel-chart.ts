import type { Chart, ChartConfiguration, ChartDataset, Plugin, ScriptableScaleContext } from 'chart.js';
import type { Point, Series } from '../state/series';
import { trimSeries } from '../state/series';
import { withAlpha, type Palette } from './palette';
import { registerCharts } from './register';
import { createTimeFormatter, timeTicks } from './time-axis';

export type ChartKind = 'line' | 'area' | 'bar' | 'sparkline';

export interface PanelChartOptions {
  kind: ChartKind;
  series: Series[];
  palette: Palette;
  windowMs: number;
  min?: number | undefined;
  max?: number | undefined;
  /** Dashed lines at the panel's warn and critical thresholds. */
  thresholds?: { warn?: number | undefined; critical?: number | undefined } | undefined;
  /** Formats a y tick; `decimals` is the fewest that tell ticks apart. */
  formatValue: (value: number, decimals: number) => string;
  timeZone?: string | undefined;
}

export interface PanelChart {
  /** Trims the series to the window ending at `now` and redraws without animation. */
  draw(now: number): void;
  /** Points currently held across the chart's series. */
  pointCount(): number;
  destroy(): void;
}

// Fonts follow the panel's size, so a wall reads the same from 3 m on 1080p and 4K.
function fontSize(chart: Chart): number {
  return Math.round(Math.min(30, Math.max(12, Math.min(chart.width / 30, chart.height / 11))));
}

/**
 * A Chart.js chart for one panel, set up along Chart.js's performance guide:
 * no animation, no parsing (points are `{x, y}` already, sorted by x), no
 * per-point dots, decimation where points outnumber pixels, and `update('none')`.
 */
/** Up to this many points, a line shows its points as dots too. */
const SPARSE_POINTS = 60;
const SPARSE_POINT_RADIUS = 3;

export function createPanelChart(canvas: HTMLCanvasElement, options: PanelChartOptions): PanelChart {
  const ChartJs = registerCharts();
  const { kind, series, palette, windowMs } = options;
  const formatTime = createTimeFormatter(options.timeZone);
  const sparkline = kind === 'sparkline';
  const type = kind === 'bar' ? 'bar' : 'line';

  const datasets: ChartDataset<'line' | 'bar', Point[]>[] = series.map((s, i) => {
    const color = palette.series[i % palette.series.length] as string;
    const fill = kind === 'area' || sparkline;
    return {
      data: s.points,
      borderColor: color,
      backgroundColor: kind === 'bar' ? withAlpha(color, 0.7) : withAlpha(color, sparkline ? 0.18 : 0.25),
      borderWidth: sparkline ? 3 : 2.5,
      pointRadius: 0,
      pointHoverRadius: 0,
      tension: 0,
      spanGaps: false,
      fill: fill ? 'origin' : false,
      normalized: true,
      ...(kind === 'bar' ? { barPercentage: 1, categoryPercentage: 0.9 } : {}),
    } as ChartDataset<'line' | 'bar', Point[]>;
  });

  const thresholdLines: Plugin = {
    id: 'livewallThresholds',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const y = scales.y;
      if (!y || !options.thresholds) return;
      ctx.save();
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 6]);
      for (const [limit, color] of [[options.thresholds.warn, palette.warn], [options.thresholds.critical, palette.critical]] as const) {
        if (limit === undefined || limit < y.min || limit > y.max) continue;
        const py = y.getPixelForValue(limit);
        ctx.strokeStyle = color;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
      }
      ctx.restore();
    },
  };

  const tickFont = (ctx: ScriptableScaleContext): { size: number } => ({ size: fontSize(ctx.chart) });
  // What both axes share: hidden on a sparkline, faint grid, readable ticks.
  const axis = { type: 'linear', display: !sparkline, grid: { color: palette.grid }, border: { display: false } } as const;
  const tickStyle = { color: palette.text, font: tickFont };
  const config: ChartConfiguration<'line' | 'bar', Point[]> = {
    type,
    data: { datasets },
    plugins: [thresholdLines],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: sparkline ? 0 : { top: 4, right: 8 } },
      plugins: {
        decimation: { enabled: kind !== 'bar', algorithm: 'min-max' },
      },
      scales: {
        x: {
          ...axis,
          ticks: {
            ...tickStyle,
            maxRotation: 0,
            autoSkip: false,
            callback: (value, _index, ticks) => {
              const step = ticks.length > 1 ? (ticks[1] as { value: number }).value - (ticks[0] as { value: number }).value : 60_000;
              return formatTime(Number(value), step);
            },
          },
          afterBuildTicks: (scale) => {
            const maxTicks = Math.max(2, Math.floor(scale.width / (fontSize(scale.chart) * 6)));
            scale.ticks = timeTicks(scale.min, scale.max, maxTicks).map((value) => ({ value }));
          },
        },
        y: {
          ...axis,
          // A sparkline shows the shape of the movement, so it scales to its data.
          ...(options.min === undefined || sparkline ? {} : { min: options.min }),
          ...(options.max === undefined || sparkline ? {} : { max: options.max }),
          ...(sparkline ? { grace: '10%' } : {}),
          ticks: {
            ...tickStyle,
            maxTicksLimit: 6,
            // Enough decimals for the step, so neighbouring ticks never read the same.
            callback: (value, _index, ticks) => {
              const step = ticks.length > 1 ? Math.abs((ticks[1] as { value: number }).value - (ticks[0] as { value: number }).value) : 1;
              return options.formatValue(Number(value), Math.max(0, Math.min(6, -Math.floor(Math.log10(step || 1)))));
            },
          },
        },
      },
    },
  };
  const chart = new ChartJs(canvas, config as ChartConfiguration);

  return {
    draw(now) {
      let restyled = false;
      series.forEach((s, i) => {
        trimSeries(s, now);
        // A sparse series (a push or MQTT topic that speaks every few minutes) gets dots: a line
        // through one or two points draws nothing. A per-dataset switch, not a scriptable option per point.
        const dataset = datasets[i] as { pointRadius?: number } | undefined;
        const radius = type === 'line' && !sparkline && s.points.length <= SPARSE_POINTS ? SPARSE_POINT_RADIUS : 0;
        if (dataset && dataset.pointRadius !== radius) {
          dataset.pointRadius = radius;
          restyled = true;
        }
      });
      // The right edge is now, or the newest point when the server's clock runs ahead.
      const newest = Math.max(now, ...series.map((s) => s.points.at(-1)?.x ?? -Infinity));
      const x = chart.options.scales?.x;
      if (x) {
        // A sparkline shows the shape of what it has; a chart shows its honest time window.
        const first = series[0]?.points[0]?.x;
        x.min = sparkline && first !== undefined ? Math.max(newest - windowMs, Math.min(first, newest - 1000)) : newest - windowMs;
        x.max = newest;
      }
      // update('none') reuses the element options it resolved before; a new point radius needs them resolved again.
      chart.update(restyled ? undefined : 'none');
    },
    pointCount: () => series.reduce((sum, s) => sum + s.points.length, 0),
    destroy: () => chart.destroy(),
  };
}
