import { describe, expect, it } from 'vitest';
import { hostTopic, perHostView } from '../../src/cluster/host-topics';
import { defaultNodeId } from '../../src/cluster/node-id';
import { parseConfig } from '../../src/config/load';

describe('per-host topics', () => {
  it('names a system topic by node', () => {
    expect(hostTopic('system.cpu', 'web-1')).toBe('hosts.web-1.cpu');
    expect(hostTopic('machine.disk.root', 'web-1')).toBe('hosts.web-1.disk.root');
    expect(hostTopic('load', 'n')).toBe('hosts.n.load');
  });

  it('gives two processes on one host different ids that fit a topic word', () => {
    expect(defaultNodeId('build.example.com', 41)).toBe('build-41');
    expect(defaultNodeId('build.example.com', 42)).not.toBe(defaultNodeId('build.example.com', 41));
    expect(defaultNodeId('ünïcode box', 7)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(defaultNodeId('', 7)).toBe('node-7');
  });

  it('renames per-host feeds, the panels and the viewer tokens that name them, and leaves shared feeds alone', () => {
    const config = parseConfig({
      storage: false,
      server: { viewerTokens: [{ token: 'a-token-of-16-chars+', topics: ['system.cpu', 'stocks.ACME'] }] },
      feeds: [
        { kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 1000 },
        { kind: 'stock', topic: 'stocks.ACME', intervalMs: 1000, seed: 1 },
      ],
      dashboards: [{ id: 'main', title: 'Main', panels: [{ topic: 'system.cpu', type: 'line' }, { topic: 'stocks.ACME', type: 'line' }] }],
    });
    const view = perHostView(config, 'web-1');
    expect(view.feeds.map((feed) => feed.topic)).toEqual(['hosts.web-1.cpu', 'stocks.ACME']);
    expect(view.feeds[0]?.title).toMatch(/· web-1$/);
    expect(view.dashboards[0]?.panels.map((panel) => panel.topic)).toEqual(['hosts.web-1.cpu', 'stocks.ACME']);
    expect(view.server.viewerTokens[0]?.topics).toEqual(['hosts.web-1.cpu', 'stocks.ACME']);
    // The config it came from is untouched (a reload compares against it).
    expect(config.feeds[0]?.topic).toBe('system.cpu');
  });

  it('names the host topics a glob matched before their renaming, and no others', () => {
    const config = parseConfig({
      storage: false,
      server: { viewerTokens: [{ token: 'a-token-of-16-chars+', topics: ['system.*'] }] },
      feeds: [
        { kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 1000 },
        // A machine's feed under another word: `system.*` did not match it, and must not now.
        { kind: 'system', topic: 'machine.disk', metric: 'disk', intervalMs: 1000 },
        { kind: 'stock', topic: 'stocks.ACME', intervalMs: 1000, seed: 1 },
      ],
      dashboards: [{ id: 'ops', title: 'Ops', panels: [{ type: 'status', topics: ['system.*', 'stocks.*', 'system.cpu'] }] }],
    });
    const view = perHostView(config, 'web-1');
    expect(view.dashboards[0]?.panels[0]?.topics).toEqual(['system.*', 'hosts.web-1.cpu', 'stocks.*']);
    expect(view.server.viewerTokens[0]?.topics).toEqual(['system.*', 'hosts.web-1.cpu']);
  });
});
