import type { FrameScheduler } from '../charts/frame-scheduler';
import type { Palette } from '../charts/palette';
import { SubscribeError, type LivewallClient } from '../net/livewall-client';
import type { Dashboard, TopicInfo } from '../../../src/protocol';
import { gridShape } from '../state/dashboard';
import { el } from './dom';
import { createPanelView, type PanelView } from './panel-view';

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

/**
 * One dashboard on screen: a grid of panels that fills the viewport, fed by the
 * client. Every sample lands in a bounded series at once; drawing waits for the
 * next animation frame.
 */
export function createWallView(options: WallViewOptions): WallView {
  const { container, dashboard, topics, client, scheduler, palette } = options;
  const now = options.now ?? Date.now;
  const grid = el('div', 'grid');
  const byTopic = new Map<string, PanelView[]>();
  const views: PanelView[] = [];

  for (const panel of dashboard.panels) {
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
    const view = createPanelView({ panel, meta: info.meta, status: info.status, palette, timeZone: options.timeZone, now });
    views.push(view);
    grid.append(view.element);
    const list = byTopic.get(panel.topic) ?? [];
    list.push(view);
    byTopic.set(panel.topic, list);
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

  const redraw = (list: readonly PanelView[] | undefined): void => list?.forEach((view) => scheduler.request(view));
  const offs = [
    client.on('history', ({ topic, samples, mode, older }) => {
      byTopic.get(topic)?.forEach((view) => view.history(samples, mode, older));
      redraw(byTopic.get(topic));
    }),
    client.on('samples', (topic, samples) => {
      byTopic.get(topic)?.forEach((view) => view.samples(samples));
      redraw(byTopic.get(topic));
    }),
    client.on('status', (topic, status) => byTopic.get(topic)?.forEach((view) => view.setStatus(status))),
    // A topic removed from the server's config between this layout and the subscribe.
    client.on('unknown', (unknown) => {
      for (const topic of unknown) byTopic.get(topic)?.forEach((view) => view.setProblem(`unknown topic "${topic}": no feed publishes it`));
    }),
  ];
  const wanted = [...byTopic.keys()];
  // A topic is asked for with the longest window of its panels (a 24-hour panel wants the store's roll-ups).
  const byWindow = new Map<string | undefined, string[]>();
  for (const [topic, list] of byTopic) {
    const { window } = list.reduce((a, b) => (b.windowMs > a.windowMs ? b : a));
    const group = byWindow.get(window) ?? [];
    group.push(topic);
    byWindow.set(window, group);
  }
  for (const [window, topicsOfWindow] of byWindow) {
    client.subscribe(topicsOfWindow, window === undefined ? {} : { window }).catch((err: unknown) => {
      // Refused: the server will not send these topics, so say so on every panel of the request.
      // Anything else (no ack, a lost connection) is retried, and the badge shows why.
      if (err instanceof SubscribeError && err.kind === 'refused') views.forEach((view) => view.setProblem(`subscribe refused: ${err.message}`));
    });
  }
  redraw(views);

  return {
    tick(t) {
      for (const view of views) {
        view.tick(t);
        scheduler.request(view);
      }
    },
    destroy() {
      window.removeEventListener('resize', layout);
      offs.forEach((off) => off());
      views.forEach((view) => {
        scheduler.cancel(view);
        view.destroy();
      });
      if (wanted.length > 0) client.unsubscribe(wanted).catch(() => undefined);
      grid.remove();
    },
  };
}
