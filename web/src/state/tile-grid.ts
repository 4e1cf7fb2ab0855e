export interface TileGrid {
  columns: number;
  rows: number;
  /** Each tile's size in CSS pixels, gaps taken out. */
  width: number;
  height: number;
}

/** Tiles read best near this width:height: a title over a value. */
const TILE_ASPECT = 1.6;

/**
 * How `count` tiles fill a box of `width`×`height` with no scrolling: the column count that
 * makes tiles largest, weighing how far they stray from a readable shape. A few hundred tiles
 * on a panel get small tiles, never a scrollbar.
 */
export function tileGrid(count: number, width: number, height: number, gap = 4): TileGrid {
  const n = Math.max(1, count);
  let best: TileGrid = { columns: 1, rows: n, width: Math.max(0, width), height: Math.max(0, (height - gap * (n - 1)) / n) };
  let bestScore = -Infinity;
  for (let columns = 1; columns <= n; columns += 1) {
    const rows = Math.ceil(n / columns);
    // Past this, more columns only add empty cells.
    if (columns > 1 && Math.ceil(n / (columns - 1)) === rows) continue;
    const w = (width - gap * (columns - 1)) / columns;
    const h = (height - gap * (rows - 1)) / rows;
    if (w <= 0 || h <= 0) continue;
    // The tile's usable size: a tile too wide for its height reads no better than a narrower one.
    const score = Math.min(w, h * TILE_ASPECT) * Math.min(h, w / TILE_ASPECT);
    if (score > bestScore) {
      bestScore = score;
      best = { columns, rows, width: w, height: h };
    }
  }
  return best;
}
