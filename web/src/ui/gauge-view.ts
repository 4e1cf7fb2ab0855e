import { createGaugeChart, type GaugeChart } from '../charts/gauge-chart';
import { fieldUnit, panelFields, panelWindowMs } from '../state/dashboard';
import { formatValue } from '../state/format';
import { createLatest, latestStaleness, takeSamples, takeStatus } from '../state/latest';
import { formatAge } from '../state/stale';
import { thresholdLevel, type Level } from '../state/thresholds';
import { el, setData, setText } from './dom';
import type { PanelView, PanelViewOptions } from './panel-view';

/**
 * A `gauge` panel: one field's current value on a half circle from the panel's `min` to
 * `max`, coloured by its thresholds, with the value large in the middle. It keeps the newest
 * sample only. The DOM shows `data-value` (the raw reading), `data-level`, `data-stale` and
 * `data-state`, as the other panels do.
 */
export function createGaugeView(options: PanelViewOptions): PanelView {
  const { panel, meta, palette, now } = options;
  // The schema makes a gauge name both; a wall of an older server gets a sensible arc anyway.
  const min = panel.min ?? 0;
  const max = panel.max ?? 100;
  const field = panelFields(panel, meta.fields.map((f) => f.name))[0] ?? meta.fields[0]?.name ?? '';
  const unit = fieldUnit(panel, meta, field);
  const format = (value: number | null | undefined): string => formatValue(value, { decimals: panel.decimals, unit });
  const colours: Record<Level, string> = { ok: palette.ok, warn: palette.warn, critical: palette.critical, none: palette.grid };

  const element = el('section', 'panel panel-gauge');
  element.dataset.topic = meta.topic;
  element.dataset.type = 'gauge';
  if (panel.span) element.style.gridArea = `span ${panel.span.rows} / span ${panel.span.cols}`;
  const head = el('header', 'panel-head');
  const statusLine = el('span', 'panel-status');
  statusLine.setAttribute('role', 'status');
  head.append(el('h2', 'panel-title', panel.title ?? `${meta.title} · ${meta.fields.find((f) => f.name === field)?.label ?? field}`), statusLine);
  const box = el('div', 'gauge-box');
  const canvas = el('canvas');
  const value = el('div', 'gauge-value', '—');
  const range = el('div', 'gauge-range');
  range.append(el('span', 'gauge-min', format(min)), el('span', 'gauge-max', format(max)));
  box.append(canvas, value, range);
  element.append(head, box);

  const latest = createLatest(meta, options.status, now());
  let problem: string | undefined;
  let chart: GaugeChart | undefined;

  const view: PanelView = {
    element,
    topic: meta.topic,
    windowMs: panelWindowMs(panel),
    window: undefined,
    history: (samples) => takeSamples(latest, samples, false, now()),
    samples: (samples) => takeSamples(latest, samples, true, now()),
    setStatus: (status) => takeStatus(latest, status, now()),
    setProblem(next) {
      problem = next;
      if (next === undefined) delete element.dataset.problem;
      else setData(element, 'problem', next);
    },
    // Drawn on the next frame, which the wall asks for after every tick.
    tick: () => undefined,
    draw(t) {
      if (!chart && element.isConnected) chart = createGaugeChart(canvas, { min, max, trackColor: palette.grid });
      const reading = latest.values?.[field] ?? null;
      const level = thresholdLevel(reading, panel.thresholds);
      chart?.draw(reading, colours[level]);
      setText(value, format(reading));
      setData(element, 'value', reading === null ? '' : String(reading));
      setData(element, 'level', level);
      const { stale, ageMs } = latestStaleness(latest, t);
      const parts: string[] = [];
      if (problem !== undefined) parts.push(problem);
      else if (latest.status.state === 'error') parts.push(`error: ${latest.status.error ?? 'feed failing'}`);
      if (stale) parts.push(`stale ${formatAge(ageMs)}`);
      setText(statusLine, parts.join(' · '));
      setData(element, 'stale', String(stale));
      setData(element, 'state', latest.status.state);
    },
    destroy() {
      chart?.destroy();
      chart = undefined;
      element.remove();
    },
  };
  return view;
}
