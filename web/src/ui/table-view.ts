import type { Panel, TopicMeta } from '../../../src/protocol';
import { fieldUnit } from '../state/dashboard';
import { formatValue } from '../state/format';
import { createLatest, latestStaleness, type Latest } from '../state/latest';
import { formatAge } from '../state/stale';
import { tableRows } from '../state/table-rows';
import { thresholdLevel } from '../state/thresholds';
import { el, setData, setText } from './dom';
import { createPanelProblem } from './panel-problem';
import { latestTarget, type TopicSetView } from './topic-set-view';

interface Row {
  topic: string;
  title: string;
  latest: Latest | undefined;
  problem: string | undefined;
  tr: HTMLTableRowElement;
  cells: Map<string, HTMLTableCellElement>;
  note: HTMLTableCellElement;
  get values(): Latest['values'];
}

/**
 * A `table` panel: a row per topic, a column per field, each cell the newest value with its
 * unit and `data-level` from the thresholds; the last column says when a row's topic is stale
 * or failing. Rows are sorted by `sortBy` and cut to `limit` (see `tableRows`).
 */
export function createTableView(panel: Panel, options: { now: () => number; title: string }): TopicSetView {
  const element = el('section', 'panel panel-table');
  element.dataset.type = 'table';
  if (panel.span) element.style.gridArea = `span ${panel.span.rows} / span ${panel.span.cols}`;
  const head = el('header', 'panel-head');
  head.append(el('h2', 'panel-title', panel.title ?? options.title));
  const showProblem = createPanelProblem(element, head);
  let panelProblem: string | undefined;
  const scroller = el('div', 'table-box');
  const table = el('table', 'topic-table');
  const thead = el('thead');
  const headRow = el('tr');
  thead.append(headRow);
  const tbody = el('tbody');
  table.append(thead, tbody);
  scroller.append(table);
  element.append(head, scroller);

  const rows = new Map<string, Row>();
  // Columns: the panel's fields, or every field its topics have, in the order they appeared.
  const fields: string[] = [...(panel.fields ?? [])];
  const labels = new Map<string, string>();
  let unitMeta: TopicMeta | undefined;
  let headerDirty = true;
  let shown: Row[] = [];

  const addRow = (topic: string, title: string, latest: Latest | undefined, problem?: string): Row => {
    const tr = el('tr');
    tr.dataset.topic = topic;
    const note = el('td', 'row-note');
    const row: Row = {
      topic, title, latest, problem, tr, cells: new Map(), note,
      get values() {
        return this.latest?.values;
      },
    };
    rows.set(topic, row);
    return row;
  };

  const renderHeader = (): void => {
    headerDirty = false;
    const cells = [el('th', 'col-title', 'Topic'), ...fields.map((field) => {
      const unit = unitMeta ? fieldUnit(panel, unitMeta, field) : panel.unit;
      return el('th', 'col-field', unit ? `${labels.get(field) ?? field} (${unit})` : (labels.get(field) ?? field));
    }), el('th', 'col-note')];
    headRow.replaceChildren(...cells);
    for (const row of rows.values()) {
      row.cells.clear();
      const tds = fields.map((field) => {
        const td = el('td', 'cell-value');
        td.dataset.field = field;
        row.cells.set(field, td);
        return td;
      });
      row.tr.replaceChildren(el('td', 'cell-title', row.title), ...tds, row.note);
    }
  };

  return {
    element,
    add(meta, status) {
      if (!panel.fields) {
        for (const field of meta.fields) {
          if (fields.includes(field.name)) continue;
          fields.push(field.name);
          headerDirty = true;
        }
      }
      for (const field of meta.fields) if (!labels.has(field.name)) labels.set(field.name, field.label);
      unitMeta ??= meta;
      const latest = createLatest(meta, status, options.now());
      const row = rows.get(meta.topic) ?? addRow(meta.topic, meta.title, latest);
      row.latest = latest;
      row.title = meta.title;
      row.problem = undefined;
      headerDirty = true;
      return latestTarget(latest, options.now, (next) => void (row.problem = next));
    },
    addMissing(topic, problem) {
      addRow(topic, topic, undefined, problem);
      headerDirty = true;
    },
    setProblem(problem) {
      panelProblem = problem;
    },
    tick: () => undefined,
    draw(now) {
      if (headerDirty) renderHeader();
      const order = tableRows([...rows.values()], panel);
      // Rows move only when the order changed: a steady table costs no layout.
      if (order.length !== shown.length || order.some((row, i) => row !== shown[i])) {
        tbody.replaceChildren(...order.map((row) => row.tr));
        shown = order;
      }
      for (const row of order) {
        const { latest } = row;
        for (const [field, td] of row.cells) {
          const value = latest?.values?.[field];
          const unit = latest ? fieldUnit(panel, latest.meta, field) : panel.unit;
          setText(td, formatValue(value, { decimals: panel.decimals, unit }));
          setData(td, 'level', thresholdLevel(value, panel.thresholds));
        }
        const staleness = latest ? latestStaleness(latest, now) : undefined;
        const parts: string[] = [];
        if (row.problem !== undefined) parts.push(row.problem);
        else if (latest?.status.state === 'error') parts.push(`error: ${latest.status.error ?? 'feed failing'}`);
        if (staleness?.stale) parts.push(`stale ${formatAge(staleness.ageMs)}`);
        setText(row.note, parts.join(' · '));
        setData(row.tr, 'stale', String(staleness?.stale ?? false));
        setData(row.tr, 'state', row.problem !== undefined ? 'missing' : (latest?.status.state ?? 'pending'));
      }
      setData(element, 'rows', String(order.length));
      showProblem(panelProblem);
    },
    destroy: () => element.remove(),
  };
}
