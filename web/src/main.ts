// Bootstrap only: the wall lives in ui/wall-app.ts.
import { fragmentToken } from './state/fragment-token';
import { startWallApp } from './ui/wall-app';
import './style.css';

const root = document.getElementById('app');
// A kiosk TV's viewer token: sent with every API request and in the socket's handshake.
const token = fragmentToken(window.location.hash);
if (root) {
  startWallApp({
    root,
    location: window.location,
    ...(token === undefined ? {} : { token }),
    reload: () => window.location.reload(),
    fetchJson: async (path) => {
      const response = await fetch(path, { cache: 'no-store', ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }) });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    },
  }).catch((err: unknown) => {
    root.textContent = `Livewall could not start: ${err instanceof Error ? err.message : String(err)}. Retrying in 10 s.`;
    // The server may be restarting; a wall has no one to press reload.
    setTimeout(() => window.location.reload(), 10_000);
  });
}
