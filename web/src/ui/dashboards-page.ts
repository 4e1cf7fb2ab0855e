import { dashboardHref } from '../state/wall-url';
import type { Dashboard } from '../../../src/protocol';
import { el } from './dom';

/** The `/dashboards` page: every configured dashboard, linked with the current display options. */
export function renderDashboardsPage(container: HTMLElement, dashboards: readonly Dashboard[], search: string, hash = ''): void {
  const page = el('div', 'list-page');
  page.append(el('h2', 'list-title', 'Dashboards'));
  if (dashboards.length === 0) page.append(el('p', 'list-empty', 'No dashboards are configured. Try /?topics=… to show topics.'));
  const list = el('ul', 'dashboard-list');
  for (const dashboard of dashboards) {
    const item = el('li');
    const link = el('a', 'dashboard-link');
    link.href = `${dashboardHref(dashboard.id, search)}${hash}`;
    link.append(el('span', 'dashboard-name', dashboard.title), el('span', 'dashboard-meta', `${dashboard.panels.length} panels · /d/${dashboard.id}`));
    item.append(link);
    list.append(item);
  }
  page.append(list);
  container.replaceChildren(page);
}
