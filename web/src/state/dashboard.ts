import { parseDuration, type Dashboard, type FieldMeta, type HistoryRange, type Panel, type Sample, type TopicInfo, type TopicMeta } from '../../../src/protocol';

const DEFAULT_WINDOW_SEC = 300;

/**
 * A dashboard built on the fly for `?topics=a,b,c`: line panels in the order asked, one per
 * unit of each topic's fields, so fields of different scales never share an axis (a stock's
 * price would lie flat under its volume): `system.cpu`'s percentages share one panel, a stock's
 * price, change and volume get one each, and a field without a unit gets its own. A topic the
 * server does not have gets its panel too, which says so: a typo in the URL, or a device that
 * has not spoken yet, should be visible on the wall, not silently missing.
 */
export function dashboardForTopics(topics: readonly string[], known: ReadonlyMap<string, TopicInfo> = new Map()): Dashboard {
  const panels: Panel[] = topics.flatMap((topic): Panel[] => {
    const meta = known.get(topic)?.meta;
    const groups = meta ? fieldsByUnit(meta) : [];
    if (!meta || groups.length <= 1) return [{ topic, type: 'line', windowSec: DEFAULT_WINDOW_SEC }];
    return groups.map((fields) => ({
      topic,
      type: 'line',
      windowSec: DEFAULT_WINDOW_SEC,
      fields: fields.map((field) => field.name),
      title: `${meta.title} · ${fields.map((field) => field.label).join(', ')}`,
    }));
  });
  return { id: 'topics', title: 'Topics', panels };
}

/** A topic's fields grouped by unit, in the order they first appear; a field without a unit is alone. */
function fieldsByUnit(meta: TopicMeta): FieldMeta[][] {
  const groups = new Map<string, FieldMeta[]>();
  for (const field of meta.fields) {
    const key = field.unit === undefined ? `field:${field.name}` : `unit:${field.unit}`;
    const group = groups.get(key) ?? [];
    group.push(field);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** How much time a panel shows, in ms: its `window` when it has one, else `windowSec`. */
export function panelWindowMs(panel: Panel): number {
  return (panel.window === undefined ? undefined : parseDuration(panel.window)) ?? panel.windowSec * 1000;
}

/**
 * One field of a long window's older part as chart points: raw samples as they are, roll-ups by
 * each bucket's last value (which is what the live tail joined to it shows), at the bucket's end.
 */
export function olderPoints(older: HistoryRange, field: string): { x: number; y: number | null }[] {
  if (older.tier === 'raw') return older.samples.map((sample: Sample) => ({ x: sample.ts, y: sample.values[field] ?? null }));
  return older.points.map((point) => ({ x: point.ts + older.stepMs - 1, y: point.values[field]?.last ?? null }));
}

/**
 * The unit a field's values are shown with: the field's own, since a topic's fields may differ
 * (a stock's price is in $, its volume in shares); else the panel's, else the topic's.
 */
export function fieldUnit(panel: Pick<Panel, 'unit'>, meta: Pick<TopicMeta, 'unit' | 'fields'>, field: string): string | undefined {
  return meta.fields.find((candidate) => candidate.name === field)?.unit ?? panel.unit ?? meta.unit;
}

/** The panel's own fields, or every field the topic has. */
export function panelFields(panel: Panel, fieldNames: readonly string[]): string[] {
  return panel.fields ? panel.fields.filter((name) => fieldNames.includes(name)) : [...fieldNames];
}

export interface GridShape {
  columns: number;
  rows: number;
}

/** A panel cell is most readable near this width:height. */
const TARGET_CELL_ASPECT = 1.6;

/**
 * How many columns and rows fill a viewport with the panels so that cells are
 * closest to a comfortable shape. Spans count as several cells.
 */
export function gridShape(panels: readonly Pick<Panel, 'span'>[], width: number, height: number, columns?: number): GridShape {
  const cells = panels.reduce((sum, panel) => sum + (panel.span?.cols ?? 1) * (panel.span?.rows ?? 1), 0);
  const widest = panels.reduce((max, panel) => Math.max(max, panel.span?.cols ?? 1), 1);
  if (columns !== undefined) return { columns: Math.max(columns, widest), rows: Math.max(1, Math.ceil(cells / Math.max(columns, widest))) };
  let best: GridShape = { columns: Math.max(1, widest), rows: Math.max(1, cells) };
  let bestScore = Infinity;
  for (let cols = Math.max(1, widest); cols <= Math.max(1, cells); cols += 1) {
    const rows = Math.ceil(cells / cols);
    const aspect = width / cols / (height / rows);
    // Penalise empty cells a little so 7 panels prefer 4×2 over 3×3.
    const score = Math.abs(Math.log(aspect / TARGET_CELL_ASPECT)) + 0.15 * (cols * rows - cells);
    if (score < bestScore) {
      bestScore = score;
      best = { columns: cols, rows };
    }
  }
  return best;
}
