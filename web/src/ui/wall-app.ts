import { createFrameScheduler } from '../charts/frame-scheduler';
import { readPalette } from '../charts/palette';
import { createLivewallClient, type LivewallClient } from '../net/livewall-client';
import type { Dashboard, DashboardsResponse, TopicInfo, TopicsResponse } from '../../../src/protocol';
import { dashboardForTopics } from '../state/dashboard';
import { usableTimeZone } from '../state/time-zone';
import { dashboardHref, parseWallUrl } from '../state/wall-url';
import { createClock } from './clock';
import { createConfigBanner } from './config-banner';
import { createConnectionBadge } from './connection-badge';
import { renderDashboardsPage } from './dashboards-page';
import { el } from './dom';
import { enterKiosk } from './kiosk';
import { applyTheme } from './theme';
import { createWallView, type WallView } from './wall-view';

export interface WallAppOptions {
  root: HTMLElement;
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  /** A viewer token (from the URL fragment), for a server with `server.viewerTokens`. */
  token?: string;
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

  const load = async (): Promise<{ config: DashboardsResponse; topicList: TopicsResponse }> => {
    const [config, topicList] = await Promise.all([
      options.fetchJson<DashboardsResponse>('/api/dashboards'),
      options.fetchJson<TopicsResponse>('/api/topics'),
    ]);
    return { config, topicList };
  };
  let { config, topicList } = await load();
  const timeZone = usableTimeZone(config.timeZone);

  const header = el('header', 'wall-head');
  const title = el('h1', 'wall-title', 'Livewall');
  const nav = el('nav', 'controls');
  const listLink = el('a', 'control', 'Dashboards');
  // Links keep the fragment, so a token in it follows the viewer from page to page.
  listLink.href = `/dashboards${options.location.search}${options.location.hash}`;
  nav.append(listLink);
  const badge = createConnectionBadge();
  const clock = createClock(timeZone);
  header.append(title, nav, badge.element, clock.element);
  const banner = createConfigBanner();
  banner.show(config.config);
  const body = el('main', 'wall-body');
  root.replaceChildren(header, banner.element, body);
  clock.tick(Date.now());

  if (url.route.kind === 'list') {
    title.textContent = 'Livewall';
    document.title = 'Dashboards · Livewall';
    renderDashboardsPage(body, config.dashboards, options.location.search, options.location.hash);
    setInterval(() => clock.tick(Date.now()), TICK_MS);
    return;
  }

  const route = url.route;
  const playlistOf = (): Dashboard[] =>
    route.kind === 'topics' ? [dashboardForTopics(route.topics, new Map(topicList.topics.map((info) => [info.meta.topic, info])))] : config.dashboards;
  let playlist = playlistOf();
  const requested = route.kind === 'dashboard' ? route.id : undefined;
  let index = requested === undefined ? 0 : playlist.findIndex((dashboard) => dashboard.id === requested);
  if (playlist.length === 0 || index < 0) {
    // The config may gain it: a `config changed` reloads this page's idea of the dashboards.
    body.replaceChildren(el('p', 'wall-message', requested === undefined ? 'No dashboards are configured.' : `No dashboard "${requested}".`));
  }

  const client: LivewallClient = createLivewallClient(options.token === undefined ? {} : { token: options.token });
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
    const topics = new Map<string, TopicInfo>(topicList.topics.map((info) => [info.meta.topic, info]));
    view = createWallView({ container: body, dashboard, topics, client, scheduler, palette, timeZone, now });
  };
  const current = playlist[index];
  if (current) show(current);

  // The server's config changed (an edit, a SIGHUP): lay the wall out anew, keeping to the same dashboard.
  const relayout = async (): Promise<void> => {
    const shownId = playlist[index]?.id ?? requested;
    ({ config, topicList } = await load());
    playlist = playlistOf();
    index = Math.max(0, playlist.findIndex((dashboard) => dashboard.id === shownId));
    const next = playlist[index];
    if (next) show(next);
    else {
      view?.destroy();
      view = undefined;
      body.replaceChildren(el('p', 'wall-message', 'No dashboards are configured.'));
    }
  };
  // One relayout at a time; a change that comes during one gets one more after it.
  let relayouts: Promise<void> | undefined;
  let pending = false;
  const requestRelayout = (): void => {
    pending = true;
    relayouts ??= (async () => {
      while (pending) {
        pending = false;
        // The server may be going away mid-fetch; the next connection's hello names the version again.
        await relayout().catch(() => undefined);
      }
    })().finally(() => (relayouts = undefined));
  };
  client.on('config', (state) => {
    banner.show(state);
    if (state.version !== config.config.version) requestRelayout();
  });

  let sinceRotate = 0;
  setInterval(() => {
    const t = now();
    clock.tick(t);
    view?.tick(t);
    if (url.rotateSec !== undefined && playlist.length > 1 && !relayouts && (sinceRotate += TICK_MS) >= url.rotateSec * 1000) {
      sinceRotate = 0;
      index = (index + 1) % playlist.length;
      const next = playlist[index] as Dashboard;
      history.replaceState(null, '', `${dashboardHref(next.id, options.location.search)}${options.location.hash}`);
      show(next);
    }
  }, TICK_MS);
}
