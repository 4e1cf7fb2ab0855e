import { describe, expect, it } from 'vitest';
import { tableRows } from '../../web/src/state/table-rows';
import { tileGrid } from '../../web/src/state/tile-grid';
import { fieldUnit } from '../../web/src/state/dashboard';

const rows = [
  { title: 'Charlie', values: { cpu: 20 } },
  { title: 'alpha', values: { cpu: 90 } },
  { title: 'Bravo', values: { cpu: null } },
  { title: 'Delta', values: undefined },
  { title: 'Echo', values: { cpu: 55 } },
];
const titles = (list: readonly { title: string }[]): string[] => list.map((row) => row.title);

describe('table rows', () => {
  it('keep their order without sortBy, and are cut to limit', () => {
    expect(titles(tableRows(rows, {}))).toEqual(['Charlie', 'alpha', 'Bravo', 'Delta', 'Echo']);
    expect(titles(tableRows(rows, { limit: 2 }))).toEqual(['Charlie', 'alpha']);
  });

  it('sort by a field largest first, rows without a value last either way', () => {
    expect(titles(tableRows(rows, { sortBy: 'cpu' }))).toEqual(['alpha', 'Echo', 'Charlie', 'Bravo', 'Delta']);
    expect(titles(tableRows(rows, { sortBy: 'cpu', sortOrder: 'asc' }))).toEqual(['Charlie', 'Echo', 'alpha', 'Bravo', 'Delta']);
    expect(titles(tableRows(rows, { sortBy: 'cpu', limit: 3 }))).toEqual(['alpha', 'Echo', 'Charlie']);
  });

  it('sort by title A to Z, whatever the case, or Z to A', () => {
    expect(titles(tableRows(rows, { sortBy: 'title' }))).toEqual(['alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    expect(titles(tableRows(rows, { sortBy: 'title', sortOrder: 'desc', limit: 2 }))).toEqual(['Echo', 'Delta']);
  });

  it('leave the input alone', () => {
    const copy = [...rows];
    tableRows(rows, { sortBy: 'cpu' });
    expect(rows).toEqual(copy);
  });
});

describe('status tiles', () => {
  it('fill the panel with every tile, none off it', () => {
    for (const [count, width, height] of [[1, 400, 300], [7, 800, 450], [200, 1240, 600], [400, 600, 300], [3, 1200, 100]] as const) {
      const grid = tileGrid(count, width, height, 4);
      expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(count);
      // No row or column that is empty.
      expect(grid.columns * (grid.rows - 1)).toBeLessThan(count);
      expect(grid.columns * grid.width + 4 * (grid.columns - 1)).toBeLessThanOrEqual(width + 0.001);
      expect(grid.rows * grid.height + 4 * (grid.rows - 1)).toBeLessThanOrEqual(height + 0.001);
    }
  });

  it('choose a readable shape: a wide strip of 3 goes side by side, 200 on a wall panel make a grid', () => {
    expect(tileGrid(3, 1200, 100)).toMatchObject({ columns: 3, rows: 1 });
    const many = tileGrid(200, 1240, 600);
    expect(many.columns).toBeGreaterThan(10);
    expect(many.width / many.height).toBeGreaterThan(0.8);
    expect(many.width / many.height).toBeLessThan(3.5);
  });
});

describe('units', () => {
  it('belong to fields first: a stock\'s volume is not in $', () => {
    const meta = { unit: '$', fields: [{ name: 'price', label: 'Price', unit: '$' }, { name: 'volume', label: 'Volume', unit: 'shares' }, { name: 'other', label: 'Other' }] };
    expect(fieldUnit({}, meta, 'volume')).toBe('shares');
    expect(fieldUnit({ unit: 'x' }, meta, 'price')).toBe('$');
    expect(fieldUnit({ unit: 'x' }, meta, 'other')).toBe('x');
    expect(fieldUnit({}, meta, 'other')).toBe('$');
  });
});
