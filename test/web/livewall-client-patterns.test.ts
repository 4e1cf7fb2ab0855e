import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { createLivewallClient, type HistoryEvent, type LivewallClient } from '../../web/src/net/index';
import { simulatedConfig } from '../helpers/configs';
import { eventually, startServerFromFile, type TestServer } from '../helpers/server';

// `@livewall/client`'s topic globs from source against a real server, in Node.
let server: TestServer | undefined;
let client: LivewallClient | undefined;

afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

describe('@livewall/client with patterns', () => {
  it('gets every matching topic, then one that appears, and after a reconnect resumes them by name without a second backfill', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-client-patterns-'));
    const file = path.join(dir, 'config.json');
    const base = simulatedConfig();
    const write = (config: ConfigInput): Promise<void> => writeFile(file, JSON.stringify(config));
    await write(base);
    server = await startServerFromFile(file, { watchConfig: false });
    client = createLivewallClient({ url: server.url, reconnectDelayMs: 100, reconnectDelayMaxMs: 400, socket: { transports: ['websocket'] } });
    const histories: Pick<HistoryEvent, 'topic' | 'mode'>[] = [];
    client.on('history', ({ topic, mode }) => histories.push({ topic, mode }));

    const ack = await client.subscribe([], { patterns: ['stocks.*', 'build.*'] });
    expect(ack.topics.map((entry) => entry.topic).sort()).toEqual(['stocks.ACME', 'stocks.GLOBEX']);
    expect([...client.patterns]).toEqual(['stocks.*', 'build.*']);
    expect([...client.topics].sort()).toEqual(['stocks.ACME', 'stocks.GLOBEX']);

    await write({ ...base, feeds: [...base.feeds, { kind: 'push', topic: 'build.api', token: 'secret-token-1234', fields: [{ name: 'minutes' }] }] });
    await server.app.reloadConfig();
    await eventually(() => histories.find((event) => event.topic === 'build.api'), 5_000, 'the new topic');
    expect(client.topics.has('build.api')).toBe(true);
    const c = client;
    await eventually(() => (c.lastSeq('stocks.ACME') ?? 0) > 2 || undefined, 5_000, 'samples');

    histories.length = 0;
    server.app.io.disconnectSockets();
    await eventually(() => (histories.length >= 3 ? true : undefined), 5_000, 'the resubscribe');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each topic once, by name with `since`: the globs brought no second, full backfill.
    expect(histories.map((event) => event.topic).sort()).toEqual(['build.api', 'stocks.ACME', 'stocks.GLOBEX']);
    expect(histories.filter((event) => event.topic.startsWith('stocks.')).every((event) => event.mode === 'append')).toBe(true);

    await client.unsubscribe([], { patterns: ['build.*'] });
    expect(client.topics.has('build.api')).toBe(false);
    expect([...client.patterns]).toEqual(['stocks.*']);
  });

  it('answers each subscribe made before the connection by its own request: a refused glob fails only its own', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-client-patterns-'));
    const file = path.join(dir, 'config.json');
    // Two topics a connection: the named pair fits, the glob on top of them does not.
    await writeFile(file, JSON.stringify({ ...simulatedConfig(), server: { logLevel: 'silent', limits: { maxTopicsPerSocket: 2 } } }));
    server = await startServerFromFile(file, { watchConfig: false });
    client = createLivewallClient({ url: server.url, socket: { transports: ['websocket'] } });
    // Both asked for before the socket connects, so both go out in the connect handler's one round.
    const named = client.subscribe(['stocks.ACME', 'stocks.GLOBEX']);
    const globbed = client.subscribe([], { patterns: ['sensors.*'] });
    const [namedResult, globbedResult] = await Promise.allSettled([named, globbed]);
    expect(namedResult.status).toBe('fulfilled');
    expect(globbedResult).toMatchObject({ status: 'rejected', reason: { kind: 'refused', message: expect.stringContaining('LIVEWALL_ERR_LIMIT_EXCEEDED') } });
    expect([...client.topics].sort()).toEqual(['stocks.ACME', 'stocks.GLOBEX']);
    expect([...client.patterns]).toEqual([]);
  });
});
