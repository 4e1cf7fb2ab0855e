import type { Panel } from '../../../src/protocol';
import { el } from './dom';

/**
 * A `text` panel: its title and a paragraph. Both go in as text nodes (`textContent`), never
 * as HTML: a config is not trusted to put markup, let alone scripts, on every screen.
 */
export function createTextView(panel: Panel): { element: HTMLElement; draw(): void; tick(): void; destroy(): void } {
  const element = el('section', 'panel panel-text');
  element.dataset.type = 'text';
  if (panel.span) element.style.gridArea = `span ${panel.span.rows} / span ${panel.span.cols}`;
  if (panel.title !== undefined) {
    const head = el('header', 'panel-head');
    head.append(el('h2', 'panel-title', panel.title));
    element.append(head);
  }
  element.append(el('p', 'text-body', panel.text ?? ''));
  return { element, draw: () => undefined, tick: () => undefined, destroy: () => element.remove() };
}
