import type { ConnectionState } from '../net/livewall-client';
import { el, setData, setText } from './dom';

/** The header's connection badge: connected / reconnecting (attempt n) / offline. */
export function createConnectionBadge(): { element: HTMLElement; show(state: ConnectionState): void } {
  const element = el('span', 'badge', 'connecting');
  element.setAttribute('role', 'status');
  element.dataset.state = 'connecting';
  return {
    element,
    show(state) {
      setData(element, 'state', state.status);
      const text =
        state.status === 'reconnecting' ? `reconnecting (attempt ${state.attempt})` : state.status === 'offline' ? 'offline' : state.status;
      setText(element, text);
      element.title = state.status === 'offline' ? state.reason : '';
    },
  };
}
