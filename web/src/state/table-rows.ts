import { TITLE_SORT_KEY, type Panel } from '../../../src/protocol';

/** What a table row is sorted by: its title and its newest values. */
export interface SortableRow {
  title: string;
  values: Readonly<Record<string, number | null>> | undefined;
}

/**
 * A `table` panel's rows in the order they are shown: sorted by `sortBy` (a field, largest
 * first by default, or `"title"`, A to Z), then cut to `limit`. Rows without a value for the
 * field go last whichever the direction, so a topic that has not spoken never tops a table.
 * Without `sortBy`, rows keep the order they came in. Returns a new array.
 */
export function tableRows<R extends SortableRow>(rows: readonly R[], panel: Pick<Panel, 'sortBy' | 'sortOrder' | 'limit'>): R[] {
  const { sortBy, limit } = panel;
  const sorted = [...rows];
  if (sortBy === TITLE_SORT_KEY) {
    const sign = panel.sortOrder === 'desc' ? -1 : 1;
    sorted.sort((a, b) => sign * a.title.localeCompare(b.title));
  } else if (sortBy !== undefined) {
    const sign = panel.sortOrder === 'asc' ? 1 : -1;
    const valueOf = (row: R): number | undefined => {
      const value = row.values?.[sortBy];
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    };
    // Array.prototype.sort is stable: equal values keep their arrival order.
    sorted.sort((a, b) => {
      const x = valueOf(a);
      const y = valueOf(b);
      if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
      return sign * (x - y);
    });
  }
  return limit === undefined ? sorted : sorted.slice(0, limit);
}
