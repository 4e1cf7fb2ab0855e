import type { HistoryRange, Panel, Sample, TopicMeta, TopicStatus } from '../../../src/protocol';
import type { Drawable } from '../charts/frame-scheduler';
import { createPanelChart, type PanelChart } from '../charts/panel-chart';
import type { Palette } from '../charts/palette';
import { fieldUnit, olderPoints, panelFields, panelWindowMs } from '../state/dashboard';
import { formatChange, formatValue } from '../state/format';
import { appendPoints, bucketFor, createSeries, DEFAULT_MAX_POINTS, earliestValue, latestValue, replacePoints, type Point, type Series } from '../state/series';
import { createLatest, latestStaleness, takeSamples, takeStatus } from '../state/latest';
import { formatAge } from '../state/stale';
import { thresholdLevel } from '../state/thresholds';
import { el, setData, setText } from './dom';

export interface PanelViewOptions {
  panel: Panel;
  meta: TopicMeta;
  status: TopicStatus;
  palette: Palette;
  timeZone?: string | undefined;
  now: () => number;
}

/** One panel on the wall: its DOM, its bounded series and its chart. */
export interface PanelView extends Drawable {
  readonly element: HTMLElement;
  readonly topic: string;
  /** How far back it draws, in ms, and the panel's `window` when it set one. */
  readonly windowMs: number;
  readonly window: string | undefined;
  /** Samples from a subscribe ack, and in `replace` mode the older part of a long window. */
  history(samples: Sample[], mode: 'append' | 'replace', older?: HistoryRange): void;
  /** Live samples. */
  samples(samples: Sample[]): void;
  setStatus(status: TopicStatus): void;
  /** Why the panel cannot show its topic (unknown to the server, or its subscribe refused); undefined clears it. */
  setProblem(problem: string | undefined): void;
  /** Refreshes the stale marker; called once a second. */
  tick(now: number): void;
  destroy(): void;
}

function toPoints(samples: readonly Sample[], field: string): Point[] {
  return samples.map((sample) => ({ x: sample.ts, y: sample.values[field] ?? null }));
}

/**
 * Builds a panel. The DOM exposes what a person sees for tests and styling:
 * `data-points` (points held), `data-stale`, `data-state` (feed status),
 * `data-level` (threshold level of the newest value) and `data-problem` (why it shows nothing).
 */
export function createPanelView(options: PanelViewOptions): PanelView {
  const { panel, meta, palette, now } = options;
  const isStat = panel.type === 'stat';
  const allFields = panelFields(panel, meta.fields.map((field) => field.name));
  const fields = isStat ? allFields.slice(0, 1) : allFields;
  const windowMs = panelWindowMs(panel);
  // A long window (a day of a 1 Hz topic) keeps one point per bucket, so it fits the same bounds.
  const bucketMs = bucketFor(windowMs, meta.intervalMs);
  const series: Series[] = fields.map(() => createSeries(windowMs, DEFAULT_MAX_POINTS, bucketMs));
  const fieldMeta = fields.map((name) => meta.fields.find((field) => field.name === name));
  const unitOf = (i: number): string | undefined => fieldUnit(panel, meta, fields[i] ?? '');
  const format = (value: number | null | undefined, i = 0): string => formatValue(value, { decimals: panel.decimals, unit: unitOf(i) });

  const element = el('section', `panel panel-${panel.type}`);
  // The series' x values, readable from the DOM by browser tests checking for duplicates.
  Object.assign(element, { livewallXs: () => series.map((s) => s.points.map((point) => point.x)) });
  element.dataset.topic = meta.topic;
  element.dataset.type = panel.type;
  if (panel.window !== undefined) element.dataset.window = panel.window;
  if (panel.span) element.style.gridArea = `span ${panel.span.rows} / span ${panel.span.cols}`;
  const head = el('header', 'panel-head');
  const title = el('h2', 'panel-title', panel.title ?? meta.title);
  const statusLine = el('span', 'panel-status');
  statusLine.setAttribute('role', 'status');
  head.append(title, statusLine);
  element.append(head);

  let statValue: HTMLElement | undefined;
  let statChange: HTMLElement | undefined;
  const legendValues: HTMLElement[] = [];
  if (isStat) {
    statValue = el('div', 'stat-value', '—');
    statChange = el('div', 'stat-change');
    element.append(statValue, statChange);
  } else {
    const legend = el('div', 'panel-legend');
    fields.forEach((name, i) => {
      const item = el('span', 'legend-item');
      const swatch = el('i', 'legend-swatch');
      swatch.style.background = palette.series[i % palette.series.length] as string;
      const value = el('b', 'legend-value', '—');
      legendValues.push(value);
      item.append(swatch, el('span', 'legend-label', fieldMeta[i]?.label ?? name), value);
      legend.append(item);
    });
    element.append(legend);
  }
  const chartBox = el('div', 'panel-chart');
  const canvas = el('canvas');
  chartBox.append(canvas);
  element.append(chartBox);

  let chart: PanelChart | undefined;
  let problem: string | undefined;
  // The feed's status and when the topic last showed life, kept as table rows and tiles keep them.
  const latest = createLatest(meta, options.status, now());

  // Charts are created lazily, once the panel is in the document and has a size.
  const ensureChart = (): PanelChart | undefined => {
    if (chart || !element.isConnected) return chart;
    chart = createPanelChart(canvas, {
      kind: panel.type === 'stat' ? 'sparkline' : panel.type === 'area' || panel.type === 'bar' ? panel.type : 'line',
      series,
      palette,
      windowMs,
      min: panel.min,
      max: panel.max,
      thresholds: isStat ? undefined : panel.thresholds,
      formatValue: (value, decimals) => formatValue(value, { decimals: Math.max(decimals, panel.decimals ?? 0) }),
      timeZone: options.timeZone,
    });
    return chart;
  };

  const view: PanelView = {
    element,
    topic: meta.topic,
    windowMs,
    window: panel.window,
    history(samples, mode, older) {
      fields.forEach((field, i) => {
        const points = toPoints(samples, field);
        // The store's part of a long window first, then the ring's samples after it.
        const all = older ? [...olderPoints(older, field), ...points] : points;
        if (mode === 'replace') replacePoints(series[i] as Series, all);
        else appendPoints(series[i] as Series, all);
      });
      takeSamples(latest, samples, false, now());
    },
    samples(samples) {
      fields.forEach((field, i) => appendPoints(series[i] as Series, toPoints(samples, field)));
      takeSamples(latest, samples, true, now());
    },
    setStatus(next) {
      takeStatus(latest, next, now());
      view.tick(now());
    },
    setProblem(next) {
      problem = next;
      if (next === undefined) delete element.dataset.problem;
      else setData(element, 'problem', next);
      view.tick(now());
    },
    tick(t) {
      const { status } = latest;
      const { stale, ageMs } = latestStaleness(latest, t);
      const parts: string[] = [];
      if (problem !== undefined) parts.push(problem);
      else if (status.state === 'error') parts.push(`error: ${status.error ?? 'feed failing'}`);
      if (stale) parts.push(`stale ${formatAge(ageMs)}`);
      setText(statusLine, parts.join(' · '));
      setData(element, 'stale', String(stale));
      setData(element, 'state', status.state);
    },
    draw(t) {
      ensureChart()?.draw(t);
      const newest = series.map(latestValue);
      if (isStat && statValue && statChange) {
        const value = newest[0]?.y;
        setText(statValue, format(value));
        const change = formatChange(earliestValue(series[0] as Series)?.y ?? undefined, value ?? undefined, { decimals: panel.decimals, unit: unitOf(0) });
        setText(statChange, change ? `${change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '■'} ${change.text}` : '');
        setData(statChange, 'direction', change?.direction ?? 'flat');
      } else {
        legendValues.forEach((node, i) => setText(node, format(newest[i]?.y, i)));
      }
      setData(element, 'level', thresholdLevel(newest[0]?.y, panel.thresholds));
      setData(element, 'points', String(series.reduce((sum, s) => sum + s.points.length, 0)));
    },
    destroy() {
      chart?.destroy();
      chart = undefined;
      element.remove();
    },
  };
  view.tick(now());
  return view;
}
