/** Hosts a page on this machine may come from: a wall being set up, a developer's browser. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a browser page from `origin` may use the server. A request without an Origin
 * (curl, a Node client, a same-origin GET in some browsers) is not a cross-site page, so it
 * passes; `null` (a sandboxed or `file://` page) never does. Allowed: the server's own origin
 * (the Host the request was sent to), any localhost origin, and the configured list, exactly.
 * @example isAllowedOrigin('http://evil.example', 'wall.local:3000', []) // false
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // `null`, `file://` and other schemes parse to an opaque origin that never matches.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  if (LOCAL_HOSTS.has(url.hostname)) return true;
  return allowed.includes(url.origin);
}
