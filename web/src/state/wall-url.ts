export const THEMES = ['dark', 'light', 'contrast'] as const;
export type Theme = (typeof THEMES)[number];

/** Which page the URL asks for. */
export type WallRoute =
  | { kind: 'dashboard'; id?: string }
  | { kind: 'topics'; topics: string[] }
  | { kind: 'list' };

export interface WallUrl {
  route: WallRoute;
  kiosk: boolean;
  /** Seconds per dashboard in a playlist, when `?rotate=` is given and sane. */
  rotateSec?: number;
  theme: Theme;
}

/** Shortest rotation allowed: faster than this a wall is unreadable and the server is busy. */
export const MIN_ROTATE_SEC = 5;

/**
 * Reads what a wall's URL asks for: `/`, `/d/<id>`, `/dashboards`,
 * `?topics=a,b`, `?kiosk`, `?rotate=SECONDS`, `?theme=dark|light|contrast`.
 * Anything unreadable falls back to the default rather than failing: a wall has no one to read errors.
 * @example parseWallUrl('/d/ops', '?kiosk&rotate=30') // { route: { kind: 'dashboard', id: 'ops' }, kiosk: true, rotateSec: 30, theme: 'dark' }
 */
export function parseWallUrl(pathname: string, search: string): WallUrl {
  const params = new URLSearchParams(search);
  const kioskParam = params.get('kiosk');
  const kiosk = kioskParam !== null && kioskParam !== '0' && kioskParam !== 'false';
  const themeParam = params.get('theme');
  const theme: Theme = (THEMES as readonly string[]).includes(themeParam ?? '') ? (themeParam as Theme) : 'dark';
  const rotate = Number(params.get('rotate') ?? NaN);
  const rotateSec = Number.isFinite(rotate) && rotate > 0 ? Math.max(MIN_ROTATE_SEC, Math.round(rotate)) : undefined;
  const topics = (params.get('topics') ?? '')
    .split(',')
    .map((topic) => topic.trim())
    .filter((topic) => topic !== '');

  let route: WallRoute;
  const path = pathname.replace(/\/+$/, '');
  const match = /^\/d\/([^/]+)$/.exec(path);
  if (path === '/dashboards') route = { kind: 'list' };
  else if (topics.length > 0) route = { kind: 'topics', topics: [...new Set(topics)] };
  else if (match) route = { kind: 'dashboard', id: decodeURIComponent(match[1] as string) };
  else route = { kind: 'dashboard' };
  return { route, kiosk, theme, ...(rotateSec === undefined ? {} : { rotateSec }) };
}

/** The URL of a dashboard that keeps the display options (kiosk, rotate, theme) of the current one. */
export function dashboardHref(id: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete('topics');
  const query = params.toString().replace(/=(&|$)/g, '$1');
  return `/d/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
}
