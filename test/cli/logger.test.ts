import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/logger';

describe('the server logger', () => {
  it('censors tokens, passwords and headers wherever a careless log call puts them', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    log.info({ token: 'tok-1', feed: { topic: 'build.queue', token: 'tok-2', password: 'pw-3', headers: { Authorization: 'Bearer tok-4' } } }, 'a feed');
    log.info({ config: { feeds: [{ topic: 'a', token: 'tok-5' }, { topic: 'b', headers: { 'X-Api-Key': 'tok-6' } }] } }, 'a config');
    log.info({ req: { authorization: 'Bearer tok-7' } }, 'a request');
    log.info({ config: { server: { viewerTokens: [{ token: 'tok-8', dashboards: ['main'] }] } } }, 'viewer tokens');
    const text = lines.join('');
    for (const secret of ['tok-1', 'tok-2', 'pw-3', 'tok-4', 'tok-5', 'tok-6', 'tok-7', 'tok-8']) expect(text).not.toContain(secret);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { token: '***', feed: { topic: 'build.queue', token: '***', password: '***', headers: '***' } },
      { config: { feeds: [{ topic: 'a', token: '***' }, { topic: 'b', headers: '***' }] } },
      { req: { authorization: '***' } },
      { config: { server: { viewerTokens: [{ token: '***', dashboards: ['main'] }] } } },
    ]);
  });
});
