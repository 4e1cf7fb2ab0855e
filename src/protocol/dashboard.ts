/**
 * Dashboards as the wall display receives them (`GET /api/dashboards`), defaults applied.
 * The config's zod schema (`src/config/dashboard-schema.ts`) is checked against these types,
 * so the two cannot drift.
 */

/** The longest `window` a panel may show: the 1-hour roll-ups' default retention. */
export const MAX_PANEL_WINDOW_MS = 90 * 86_400_000;

export const PANEL_TYPES = ['line', 'area', 'bar', 'stat'] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

export interface PanelThresholds {
  warn?: number | undefined;
  critical?: number | undefined;
  /** Whether high (`above`) or low (`below`) values are bad. */
  direction: 'above' | 'below';
}

export interface Panel {
  /** The topic it plots. */
  topic: string;
  type: PanelType;
  title?: string | undefined;
  /** Fields to plot; all of the topic's when absent. */
  fields?: string[] | undefined;
  /** How much time the chart shows. */
  windowSec: number;
  /**
   * A longer span as people write it (`"24h"`, `"7d"`), which overrides `windowSec`: the chart
   * draws the history store's roll-ups with the live samples joined on.
   */
  window?: string | undefined;
  unit?: string | undefined;
  decimals?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
  thresholds?: PanelThresholds | undefined;
  /** How many grid cells the panel covers. */
  span?: { cols: number; rows: number } | undefined;
}

export interface Dashboard {
  id: string;
  title: string;
  /** Grid columns; chosen from the panel count when absent. */
  columns?: number | undefined;
  panels: Panel[];
}
