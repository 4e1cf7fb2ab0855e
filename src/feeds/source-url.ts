/**
 * A feed's URL as logs and error statuses show it: scheme, host, port and path only. The user
 * and password a URL may embed, and a query that may carry an API key, never leave the config.
 * @example sourceUrl('https://me:pw@api.example/now.json?key=s3cret') // "https://api.example/now.json"
 */
export function sourceUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' && !url.endsWith('/') ? '' : parsed.pathname}`;
  } catch {
    return '(a malformed URL)';
  }
}
