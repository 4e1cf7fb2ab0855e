import type { Chart, ChartConfiguration } from 'chart.js';
import { registerCharts } from './register';

export interface GaugeChartOptions {
  min: number;
  max: number;
  /** The arc left unfilled. */
  trackColor: string;
}

export interface GaugeChart {
  /** Fills the arc to `value` (clamped to min…max; none when null) in `color`, without animation. */
  draw(value: number | null, color: string): void;
  destroy(): void;
}

/**
 * A half-circle gauge: a Chart.js doughnut turned to start at 9 o'clock and span 180°, its
 * first arc the value and its second the rest of the range. The number itself is HTML over it.
 */
export function createGaugeChart(canvas: HTMLCanvasElement, options: GaugeChartOptions): GaugeChart {
  const ChartJs = registerCharts();
  const { min, max, trackColor } = options;
  const config: ChartConfiguration<'doughnut', number[]> = {
    type: 'doughnut',
    data: { datasets: [{ data: [0, max - min], backgroundColor: [trackColor, trackColor], borderWidth: 0 }] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      circumference: 180,
      rotation: -90,
      cutout: '72%',
      layout: { padding: 4 },
    },
  };
  const chart: Chart<'doughnut', number[]> = new ChartJs(canvas, config);
  let shown: string | undefined;
  return {
    draw(value, color) {
      const filled = value === null ? 0 : Math.min(max, Math.max(min, value)) - min;
      const key = `${filled}|${color}`;
      // An unchanged reading (the 1-second tick) costs no repaint.
      if (key === shown) return;
      shown = key;
      const dataset = chart.data.datasets[0];
      if (!dataset) return;
      dataset.data = [filled, max - min - filled];
      dataset.backgroundColor = [color, trackColor];
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}
