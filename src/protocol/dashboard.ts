/**
 * Dashboards as the wall display receives them (`GET /api/dashboards`), defaults applied.
 * The config's zod schema (`src/config/dashboard-schema.ts`) is checked against these types,
 * so the two cannot drift.
 */

/** The longest `window` a panel may show: the 1-hour roll-ups' default retention. */
export const MAX_PANEL_WINDOW_MS = 90 * 86_400_000;

export const PANEL_TYPES = ['line', 'area', 'bar', 'stat', 'gauge', 'table', 'status', 'text'] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

/** Panels that show many topics, and so may name them by `topics` (names and globs). */
export const MULTI_TOPIC_PANEL_TYPES = ['table', 'status'] as const satisfies readonly PanelType[];

/** What a `table` panel sorts its rows by: a field, or the topic's title. */
export const TITLE_SORT_KEY = 'title';

export interface PanelThresholds {
  warn?: number | undefined;
  critical?: number | undefined;
  /** Whether high (`above`) or low (`below`) values are bad. */
  direction: 'above' | 'below';
}

export interface Panel {
  /** The topic it shows. Every type but `text` names one, or (`table`, `status`) `topics` instead. */
  topic?: string | undefined;
  /**
   * `table` and `status`: the topics it shows, as names and globs (`"greenhouse.*"`, see
   * `topic-glob.ts`). A topic that appears later and matches joins the panel live.
   */
  topics?: string[] | undefined;
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
  /** `text`: the paragraph it shows, as plain text. */
  text?: string | undefined;
  /** `table`: the field to sort rows by, or `"title"`; rows keep the order topics came in when absent. */
  sortBy?: string | undefined;
  /** `table`: the sort's direction; largest first for a field and A to Z for `"title"` by default. */
  sortOrder?: 'asc' | 'desc' | undefined;
  /** `table`: at most this many rows (after sorting). */
  limit?: number | undefined;
}

/** Every topic name and glob a panel shows: its `topics`, or its one `topic`, or none (a `text` panel). */
export function panelTopicEntries(panel: Pick<Panel, 'topic' | 'topics'>): string[] {
  return panel.topics ?? (panel.topic === undefined ? [] : [panel.topic]);
}

export interface Dashboard {
  id: string;
  title: string;
  /** Grid columns; chosen from the panel count when absent. */
  columns?: number | undefined;
  panels: Panel[];
}
