/**
 * A viewer token carried in the page's URL fragment, `/d/lobby#token=…`: a kiosk TV's URL holds
 * it, and a fragment is never sent to a server, so it reaches no access log or proxy.
 * @example fragmentToken('#token=abc&x=1') // 'abc'
 * @example fragmentToken('') // undefined
 */
export function fragmentToken(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? undefined : token;
}
