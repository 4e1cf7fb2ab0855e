import type { ConfigState } from '../../../src/protocol';
import { el, setText } from './dom';

/** How many problems the banner lists; the rest are counted (the full list is on /healthz). */
const PROBLEMS_SHOWN = 3;

/**
 * A banner across the wall while the server's config file has problems: the wall keeps
 * showing the last good config, and whoever edits the file sees what is wrong from across
 * the room. Hidden while the file is good. It shows in kiosk mode too: it is the only way
 * a kiosk screen can say its dashboards are not what the file says.
 */
export function createConfigBanner(): { element: HTMLElement; show(state: ConfigState): void } {
  const element = el('div', 'config-banner');
  element.setAttribute('role', 'alert');
  element.hidden = true;
  const heading = el('strong', 'config-banner-heading');
  const list = el('ul', 'config-banner-problems');
  element.append(heading, list);
  return {
    element,
    show(state) {
      element.hidden = state.ok;
      element.dataset.ok = String(state.ok);
      if (state.ok) return;
      const count = state.problems.length;
      setText(heading, `The config file has ${count} problem${count === 1 ? '' : 's'}; this wall shows the last good config.`);
      const lines = state.problems.slice(0, PROBLEMS_SHOWN);
      if (count > PROBLEMS_SHOWN) lines.push(`… and ${count - PROBLEMS_SHOWN} more (see /healthz)`);
      list.replaceChildren(...lines.map((line) => el('li', undefined, line)));
    },
  };
}
