import type { Drawable, FrameScheduler } from '../charts/frame-scheduler';
import type { Palette } from '../charts/palette';
import { SubscribeError, type LivewallClient } from '../net/livewall-client';
import { isTopicGlob, panelTopicEntries, topicMatcher, type Dashboard, type TopicInfo } from '../../../src/protocol';
import { gridShape } from '../state/dashboard';
import { el } from './dom';
import { createGaugeView } from './gauge-view';
import { createPanelView } from './panel-view';
import { createStatusView } from './status-view';
import { createTableView } from './table-view';
import { createTextView } from './text-view';
import type { TopicSetView, TopicTarget } from './topic-set-view';

export interface WallViewOptions {
  container: HTMLElement;
  dashboard: Dashboard;
  topics: ReadonlyMap<string, TopicInfo>;
  client: LivewallClient;
  scheduler: FrameScheduler;
  palette: Palette;
  timeZone?: string | undefined;
  now?: () => number;
}

export interface WallView {
  /** Refreshes stale markers and scrolls the time axes; called once a second. */
  tick(now: number): void;
  /** Unsubscribes and removes the panels. */
  destroy(): void;
}

/** The wall ticks once a second; a panel drawn within most of that needs no extra draw. */
const TICK_QUIET_MS = 900;

/**
 * One dashboard on screen: a grid of panels that fills the viewport, fed by the
 * client. Every sample lands in a bounded series (or a row's or tile's newest value) at
 * once; drawing waits for the next animation frame. Panels over globs subscribe by glob,
 * and a topic that appears later joins them as its history arrives.
 */
export function createWallView(options: WallViewOptions): WallView {
  const { container, dashboard, topics, client, scheduler, palette } = options;
  const now = options.now ?? Date.now;
  const grid = el('div', 'grid');
  /** Every drawable panel, for ticks and teardown. */
  const views: Drawn[] = [];
  /** Who gets each topic's events, and which panel redraws for them. */
  const byTopic = new Map<string, Route[]>();
  /** Panels over globs, which topics that appear later may join. */
  const globbed: { view: TopicSetView; matches: (topic: string) => boolean; globs: readonly string[] }[] = [];
  const route = (topic: string, target: TopicTarget, drawable: Drawable): void => {
    const list = byTopic.get(topic) ?? [];
    list.push({ target, drawable });
    byTopic.set(topic, list);
  };
  /** The longest window any panel of a topic wants (a 24-hour panel wants the store's roll-ups). */
  const windows = new Map<string, { ms: number; window: string | undefined }>();

  for (const panel of dashboard.panels) {
    if (panel.type === 'text') {
      const view = createTextView(panel);
      views.push(view);
      grid.append(view.element);
      continue;
    }
    if (panel.type === 'table' || panel.type === 'status') {
      const entries = panelTopicEntries(panel);
      const title = entries.join(', ');
      const view = panel.type === 'table' ? createTableView(panel, { now, title }) : createStatusView(panel, { now, title });
      views.push(view);
      grid.append(view.element);
      // Named topics in the order named, then what the globs match, by name.
      const names = entries.filter((entry) => !isTopicGlob(entry));
      const globs = entries.filter(isTopicGlob);
      for (const name of names) {
        const info = topics.get(name);
        if (info) route(name, view.add(info.meta, info.status), view);
        else view.addMissing(name, `unknown topic "${name}": no feed publishes it`);
      }
      if (globs.length > 0) {
        const matches = topicMatcher(globs);
        for (const [name, info] of [...topics].sort(([a], [b]) => a.localeCompare(b))) {
          if (matches(name) && !names.includes(name)) route(name, view.add(info.meta, info.status), view);
        }
        globbed.push({ view, matches, globs });
      }
      continue;
    }
    // The schema gives every other type a topic; a wall of a newer server's config skips what it cannot show.
    if (panel.topic === undefined) continue;
    const info = topics.get(panel.topic);
    if (!info) {
      const problem = `unknown topic "${panel.topic}": no feed publishes it`;
      const missing = el('section', 'panel panel-missing');
      missing.dataset.topic = panel.topic;
      missing.dataset.problem = problem;
      if (panel.span) missing.style.gridArea = `span ${panel.span.rows} / span ${panel.span.cols}`;
      missing.append(el('h2', 'panel-title', panel.title ?? panel.topic), el('p', 'panel-status', problem));
      grid.append(missing);
      continue;
    }
    const viewOptions = { panel, meta: info.meta, status: info.status, palette, timeZone: options.timeZone, now };
    const view = panel.type === 'gauge' ? createGaugeView(viewOptions) : createPanelView(viewOptions);
    views.push(view);
    grid.append(view.element);
    route(panel.topic, view, view);
    const longest = windows.get(panel.topic);
    if (!longest || view.windowMs > longest.ms) windows.set(panel.topic, { ms: view.windowMs, window: view.window });
  }

  const layout = (): void => {
    const shape = gridShape(dashboard.panels, grid.clientWidth || window.innerWidth, grid.clientHeight || window.innerHeight, dashboard.columns);
    grid.style.gridTemplateColumns = `repeat(${shape.columns}, minmax(0, 1fr))`;
    grid.style.gridTemplateRows = `repeat(${shape.rows}, minmax(0, 1fr))`;
    // Let the last panel stretch over empty cells, so the grid has no hole.
    const cells = dashboard.panels.reduce((sum, panel) => sum + (panel.span?.cols ?? 1) * (panel.span?.rows ?? 1), 0);
    const last = grid.lastElementChild as HTMLElement | null;
    const lastPanel = dashboard.panels.at(-1);
    const empty = shape.columns * shape.rows - cells;
    if (last && lastPanel && !lastPanel.span) last.style.gridColumn = empty > 0 && empty < shape.columns ? `span ${1 + empty}` : '';
  };
  container.replaceChildren(grid);
  layout();
  window.addEventListener('resize', layout);

  const redraw = (list: readonly Route[] | undefined): void => list?.forEach((entry) => scheduler.request(entry.drawable));
  const offs = [
    client.on('history', ({ topic, meta, status, samples, mode, older }) => {
      // A topic this wall did not know matched a glob (a device that spoke for the first time): it joins those panels.
      if (!byTopic.has(topic)) for (const { view, matches } of globbed) if (matches(topic)) route(topic, view.add(meta, status), view);
      byTopic.get(topic)?.forEach(({ target }) => target.history(samples, mode, older));
      redraw(byTopic.get(topic));
    }),
    client.on('samples', (topic, samples) => {
      byTopic.get(topic)?.forEach(({ target }) => target.samples(samples));
      redraw(byTopic.get(topic));
    }),
    client.on('status', (topic, status) => {
      byTopic.get(topic)?.forEach(({ target }) => target.setStatus(status));
      redraw(byTopic.get(topic));
    }),
    // A topic removed from the server's config between this layout and the subscribe.
    client.on('unknown', (unknown) => {
      for (const topic of unknown) byTopic.get(topic)?.forEach(({ target }) => target.setProblem(`unknown topic "${topic}": no feed publishes it`));
    }),
  ];
  const wanted = [...byTopic.keys()];
  const byWindow = new Map<string | undefined, string[]>();
  for (const topic of wanted) {
    const window = windows.get(topic)?.window;
    const group = byWindow.get(window) ?? [];
    group.push(topic);
    byWindow.set(window, group);
  }
  const patterns = [...new Set(dashboard.panels.flatMap((panel) => (panel.type === 'table' || panel.type === 'status' ? panelTopicEntries(panel).filter(isTopicGlob) : [])))];
  // Refused: the server will not send these topics, so say so on every panel of the request.
  // Anything else (no ack, a lost connection) is retried, and the badge shows why.
  const refused = (topicsOfRequest: readonly string[]) => (err: unknown): void => {
    if (!(err instanceof SubscribeError) || err.kind !== 'refused') return;
    for (const topic of topicsOfRequest) byTopic.get(topic)?.forEach(({ target }) => target.setProblem(`subscribe refused: ${err.message}`));
    redraw(topicsOfRequest.flatMap((topic) => byTopic.get(topic) ?? []));
  };
  for (const [window, topicsOfWindow] of byWindow) {
    client.subscribe(topicsOfWindow, window === undefined ? {} : { window }).catch(refused(topicsOfWindow));
  }
  if (patterns.length > 0) {
    client.subscribe([], { patterns }).catch((err: unknown) => {
      if (!(err instanceof SubscribeError) || err.kind !== 'refused') return;
      // The topics the globs matched at layout time came by name; those that appear later will not.
      for (const { view, globs } of globbed) {
        view.setProblem(`subscribe refused for ${globs.join(', ')}: ${err.message}; new topics will not join`);
        scheduler.request(view);
      }
    });
  }
  views.forEach((view) => scheduler.request(view));

  return {
    tick(t) {
      for (const view of views) {
        view.tick(t);
        // A panel whose samples drew it within the last tick scrolled with them already.
        scheduler.requestIfQuiet(view, TICK_QUIET_MS);
      }
    },
    destroy() {
      window.removeEventListener('resize', layout);
      offs.forEach((off) => off());
      views.forEach((view) => {
        scheduler.cancel(view);
        view.destroy();
      });
      const joined = [...byTopic.keys()];
      if (joined.length > 0 || patterns.length > 0) client.unsubscribe(joined, { patterns }).catch(() => undefined);
      grid.remove();
    },
  };
}

/** A panel as the wall ticks, draws and removes it. */
interface Drawn extends Drawable {
  readonly element: HTMLElement;
  tick(now: number): void;
  destroy(): void;
}

/** One topic's events to one panel (or one row or tile of it), and the panel to redraw after. */
interface Route {
  target: TopicTarget;
  drawable: Drawable;
}
