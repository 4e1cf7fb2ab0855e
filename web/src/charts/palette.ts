/** The colours a chart draws with, read from the theme's CSS custom properties. */
export interface Palette {
  series: string[];
  grid: string;
  text: string;
  ok: string;
  warn: string;
  critical: string;
}

const FALLBACK_SERIES = ['#4fc3f7', '#ffb74d', '#81c784', '#f06292', '#ba68c8', '#fff176'];

/** Reads `--series-1`… `--series-6`, `--grid`, `--text-dim`, `--ok`, `--warn`, `--critical` from `element`. */
export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    series: FALLBACK_SERIES.map((fallback, i) => read(`--series-${i + 1}`, fallback)),
    grid: read('--grid', 'rgba(255,255,255,0.08)'),
    text: read('--text-dim', '#9aa4b2'),
    ok: read('--ok', '#4caf50'),
    warn: read('--warn', '#ffb300'),
    critical: read('--critical', '#ff5252'),
  };
}

/** `#rrggbb` at an alpha, for area fills; other colour forms are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(color);
  if (!match) return color;
  const n = parseInt(match[1] as string, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
