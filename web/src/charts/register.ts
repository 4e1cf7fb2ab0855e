import { BarController, BarElement, Chart, Decimation, Filler, LinearScale, LineController, LineElement, PointElement } from 'chart.js';

let registered = false;

/**
 * Registers only the Chart.js parts the wall draws with, so the rest is
 * tree-shaken away: line and bar charts on linear scales, area fill, and decimation.
 * No tooltip, legend or title plugins: the panels draw their own legends in HTML.
 */
export function registerCharts(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, BarController, LineElement, PointElement, BarElement, LinearScale, Filler, Decimation);
    registered = true;
  }
  return Chart;
}
