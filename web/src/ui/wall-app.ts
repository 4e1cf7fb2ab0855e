import { createFrameScheduler } from '../charts/frame-scheduler';
import { readPalette } from '../charts/palette';
import { createLivewallClient, type LivewallClient } from '../net/livewall-client';
import type { Dashboard, DashboardsResponse, TopicInfo, TopicsResponse } from '../../../src/protocol';
import { dashboardForTopics } from '../state/dashboard';
import { usableTimeZone } from '../state/time-zone';
import { dashboardHref, parseWallUrl } from '../state/wall-url';
import { createClock } from './clock';
import { createConnectionBadge } from './connection-badge';
import { renderDashboardsPage } from './dashboards-page';
import { el } from './dom';
import { enterKiosk } from './kiosk';
import { applyTheme } from './theme';
import { createWallView, type WallView } from './wall-view';

export interface WallAppOptions {
  root: HTMLElement;
  location: Pick<Location, 'pathname' | 'search'>;
  /** Reloads the page; a deploy (another build) calls it. */
  reload: () => void;
  fetchJson: <T>(path: string) => Promise<T>;
}

/** Everything one second of wall time needs: the clock, stale markers, scrolling axes. */
const TICK_MS = 1_000;

/**
 * The whole page: reads the URL, loads dashboards and topics, draws the header
 * and either the dashboards list or a wall, and keeps it live.
 */
export async function startWallApp(options: WallAppOptions): Promise<void> {
  const { root } = options;
  const url = parseWallUrl(options.location.pathname, options.location.search);
  applyTheme(document.documentElement, url.theme);
  if (url.kiosk) enterKiosk(document.documentElement);

  const [config, topicList] = await Promise.all([
    options.fetchJson<DashboardsResponse>('/api/dashboards'),
    options.fetchJson<TopicsResponse>('/api/topics'),
  ]);
  const timeZone = usableTimeZone(config.timeZone);
  const topics = new Map<string, TopicInfo>(topicList.topics.map((info) => [info.meta.topic, info]));

  const header = el('header', 'wall-head');
  const title = el('h1', 'wall-title', 'Livewall');
  const nav = el('nav', 'controls');
  const listLink = el('a', 'control', 'Dashboards');
  listLink.href = `/dashboards${options.location.search}`;
  nav.append(listLink);
  const badge = createConnectionBadge();
  const clock = createClock(timeZone);
  header.append(title, nav, badge.element, clock.element);
  const body = el('main', 'wall-body');
  root.replaceChildren(header, body);
  clock.tick(Date.now());

  if (url.route.kind === 'list') {
    title.textContent = 'Livewall';
    document.title = 'Dashboards · Livewall';
    renderDashboardsPage(body, config.dashboards, options.location.search);
    setInterval(() => clock.tick(Date.now()), TICK_MS);
    return;
  }

  let playlist: Dashboard[];
  if (url.route.kind === 'topics') playlist = [dashboardForTopics(url.route.topics, topicList.topics)];
  else playlist = config.dashboards;
  const requested = url.route.kind === 'dashboard' ? url.route.id : undefined;
  let index = requested === undefined ? 0 : playlist.findIndex((dashboard) => dashboard.id === requested);
  if (playlist.length === 0 || index < 0) {
    body.replaceChildren(el('p', 'wall-message', requested === undefined ? 'No dashboards are configured.' : `No dashboard "${requested}".`));
    return;
  }

  const client: LivewallClient = createLivewallClient();
  client.on('state', (state) => badge.show(state));
  client.on('hello', (hello) => {
    // A new build was deployed: load it, or this wall runs old code for weeks.
    if (hello.build !== config.build) options.reload();
  });
  // Charts, stale markers and the clock all run on the server's clock: a TV's own is often off.
  const now = (): number => client.serverNow();
  const scheduler = createFrameScheduler(now);
  const palette = readPalette(document.documentElement);

  let view: WallView | undefined;
  const show = (dashboard: Dashboard): void => {
    view?.destroy();
    title.textContent = dashboard.title;
    document.title = `${dashboard.title} · Livewall`;
    view = createWallView({ container: body, dashboard, topics, client, scheduler, palette, timeZone, now });
  };
  show(playlist[index] as Dashboard);

  let sinceRotate = 0;
  setInterval(() => {
    const t = now();
    clock.tick(t);
    view?.tick(t);
    if (url.rotateSec !== undefined && playlist.length > 1 && (sinceRotate += TICK_MS) >= url.rotateSec * 1000) {
      sinceRotate = 0;
      index = (index + 1) % playlist.length;
      const next = playlist[index] as Dashboard;
      history.replaceState(null, '', dashboardHref(next.id, options.location.search));
      show(next);
    }
  }, TICK_MS);
}
