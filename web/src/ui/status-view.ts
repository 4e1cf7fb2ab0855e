import type { Panel } from '../../../src/protocol';
import { fieldUnit } from '../state/dashboard';
import { formatValue } from '../state/format';
import { createLatest, latestStaleness, type Latest } from '../state/latest';
import { thresholdLevel } from '../state/thresholds';
import { tileGrid } from '../state/tile-grid';
import { el, setData, setText } from './dom';
import { createPanelProblem } from './panel-problem';
import { latestTarget, type TopicSetView } from './topic-set-view';

interface Tile {
  latest: Latest | undefined;
  problem: string | undefined;
  element: HTMLElement;
  value: HTMLElement;
  /** The tile's field of a reading, formatted with its unit. */
  field: string;
  format: (value: number | null | undefined) => string;
}

/** Gap between tiles, in CSS pixels; the grid math takes it out. */
const TILE_GAP = 4;

/**
 * A `status` panel: a tile per topic with its title and one field's value, `data-level`
 * ok / warn / critical by the thresholds, `data-stale` (grey) and `data-state="error"`
 * (striped). The tiles fill the panel with no scrollbar, however many there are: the grid and
 * the font size are worked out again when a tile joins or the window resizes, not per sample.
 */
export function createStatusView(panel: Panel, options: { now: () => number; title: string }): TopicSetView {
  const element = el('section', 'panel panel-tiles');
  element.dataset.type = 'status';
  if (panel.span) element.style.gridArea = `span ${panel.span.rows} / span ${panel.span.cols}`;
  const head = el('header', 'panel-head');
  head.append(el('h2', 'panel-title', panel.title ?? options.title));
  const showProblem = createPanelProblem(element, head);
  const grid = el('div', 'tiles');
  element.append(head, grid);
  let panelProblem: string | undefined;

  const tiles = new Map<string, Tile>();
  let fitted = '';
  let refit = true;
  const onResize = (): void => void (refit = true);
  window.addEventListener('resize', onResize);

  const addTile = (topic: string, title: string, latest: Latest | undefined, problem?: string): Tile => {
    const node = el('div', 'tile');
    node.dataset.topic = topic;
    const value = el('b', 'tile-value', '—');
    node.append(el('span', 'tile-title', title), value);
    const tile: Tile = { latest, problem, element: node, value, field: '', format: () => '—' };
    tiles.set(topic, tile);
    grid.append(node);
    refit = true;
    return tile;
  };

  const fit = (): void => {
    refit = false;
    const width = grid.clientWidth;
    const height = grid.clientHeight;
    const key = `${tiles.size}|${width}|${height}`;
    if (key === fitted || width === 0 || height === 0) return;
    fitted = key;
    const shape = tileGrid(tiles.size, width, height, TILE_GAP);
    grid.style.gridTemplateColumns = `repeat(${shape.columns}, minmax(0, 1fr))`;
    grid.style.gridTemplateRows = `repeat(${shape.rows}, minmax(0, 1fr))`;
    // Two lines of text a tile: the value at about a third of its height, the title smaller.
    grid.style.setProperty('--tile-font', `${Math.max(7, Math.min(48, Math.min(shape.height / 3.2, shape.width / 7))).toFixed(1)}px`);
  };

  return {
    element,
    add(meta, status) {
      const field = panel.fields?.[0] ?? meta.fields[0]?.name ?? '';
      const latest = createLatest(meta, status, options.now());
      const existing = tiles.get(meta.topic);
      const tile = existing ?? addTile(meta.topic, meta.title, latest);
      tile.latest = latest;
      tile.problem = undefined;
      tile.field = field;
      const unit = fieldUnit(panel, meta, field);
      tile.format = (value) => formatValue(value, { decimals: panel.decimals, unit });
      tile.element.title = `${meta.title} · ${meta.fields.find((f) => f.name === field)?.label ?? field}`;
      return latestTarget(latest, options.now, (next) => void (tile.problem = next));
    },
    addMissing(topic, problem) {
      addTile(topic, topic, undefined, problem);
    },
    setProblem(problem) {
      panelProblem = problem;
    },
    tick: () => undefined,
    draw(now) {
      if (refit) fit();
      for (const tile of tiles.values()) {
        const { latest } = tile;
        const reading = latest?.values?.[tile.field];
        setText(tile.value, tile.format(reading));
        setData(tile.element, 'level', thresholdLevel(reading, panel.thresholds));
        setData(tile.element, 'stale', String(latest ? latestStaleness(latest, now).stale : false));
        setData(tile.element, 'state', tile.problem !== undefined ? 'missing' : (latest?.status.state ?? 'pending'));
      }
      setData(element, 'tiles', String(tiles.size));
      // A tile has no room for why it is empty: the header says it, for the first such tile.
      const missing = [...tiles.values()].filter((tile) => tile.problem !== undefined);
      const first = missing[0]?.problem;
      showProblem(panelProblem ?? (first === undefined ? undefined : missing.length > 1 ? `${first} (and ${missing.length - 1} more)` : first));
    },
    destroy() {
      window.removeEventListener('resize', onResize);
      element.remove();
    },
  };
}
