import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load';
import { mayShowDashboard, mayShowTopic, scopeOfToken } from '../../src/security/viewer-tokens';

const config = parseConfig({
  storage: false,
  server: {
    viewerTokens: [
      { name: 'ops TV', token: 'ops-token-0123456789', dashboards: ['ops'] },
      { name: 'stocks TV', token: 'stocks-token-0123456789', topics: ['stocks.ACME'] },
    ],
  },
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME' },
    { kind: 'mqtt', url: 'mqtt://127.0.0.1:1883', subscribe: 'ci/+', topic: 'build.{1}', fields: [{ name: 'minutes', path: '$.m' }] },
  ],
  dashboards: [
    { id: 'ops', title: 'Ops', panels: [{ type: 'status', topics: ['build.*'] }, { type: 'text', text: 'Hi' }] },
    { id: 'mixed', title: 'Mixed', panels: [{ type: 'table', topics: ['stocks.ACME', 'build.*'] }] },
  ],
});

describe('viewer tokens and topic globs', () => {
  it('let a dashboard token show the topics its panels\' globs match, including ones that appear later', () => {
    const scope = scopeOfToken(config, 'ops-token-0123456789');
    if (!scope) throw new Error('no scope');
    expect(mayShowTopic(scope, 'build.api')).toBe(true);
    expect(mayShowTopic(scope, 'build.api.deep')).toBe(false);
    expect(mayShowTopic(scope, 'stocks.ACME')).toBe(false);
    expect(mayShowDashboard(scope, 'ops')).toBe(true);
  });

  it('do not give a topic-scoped token a dashboard whose globs reach beyond its topics', () => {
    const scope = scopeOfToken(config, 'stocks-token-0123456789');
    if (!scope) throw new Error('no scope');
    expect(mayShowTopic(scope, 'stocks.ACME')).toBe(true);
    expect(mayShowTopic(scope, 'build.api')).toBe(false);
    expect(mayShowDashboard(scope, 'mixed')).toBe(false);
  });
});
