import { ArcElement, BarController, BarElement, Chart, Decimation, DoughnutController, Filler, LinearScale, LineController, LineElement, PointElement } from 'chart.js';

let registered = false;

/**
 * Registers only the Chart.js parts the wall draws with, so the rest is
 * tree-shaken away: line and bar charts on linear scales, area fill, decimation, and the
 * doughnut (as a half circle) that gauges are drawn with.
 * No tooltip, legend or title plugins: the panels draw their own legends in HTML.
 */
export function registerCharts(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, BarController, DoughnutController, LineElement, PointElement, BarElement, ArcElement, LinearScale, Filler, Decimation);
    registered = true;
  }
  return Chart;
}
