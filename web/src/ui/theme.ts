import type { Theme } from '../state/wall-url';

/** Applies a theme; the colours themselves live in style.css under `[data-theme]`. */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset.theme = theme;
  const meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.setAttribute('content', theme === 'light' ? 'light' : 'dark');
}
