import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { ERROR_CODES, EVENTS, type Sample, type SubscribeAck, type TopicJoinedEvent } from '../../src/protocol';
import { simulatedConfig } from '../helpers/configs';
import { eventually, startServer, startServerFromFile, waitFor, type TestServer, type TestSocket } from '../helpers/server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function subscribe(socket: TestSocket, request: unknown): Promise<SubscribeAck> {
  return (await socket.timeout(5000).emitWithAck(EVENTS.subscribe, request as never)) as SubscribeAck;
}

/** A config file the test edits, so a reload adds a feed: a topic that appears at run time. */
async function configFile(config: ConfigInput): Promise<{ file: string; write(next: ConfigInput): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'livewall-patterns-'));
  const file = path.join(dir, 'config.json');
  const write = (next: ConfigInput): Promise<void> => writeFile(file, JSON.stringify({ storage: false, ...next }));
  await write(config);
  return { file, write };
}

const BUILD_FEED: ConfigInput['feeds'][number] = { kind: 'push', topic: 'build.api', token: 'secret-token-1234', fields: [{ name: 'minutes' }] };

describe('subscribe with patterns', () => {
  it('acks every topic a glob matches now, with its history, and sends their samples', async () => {
    server = await startServer(simulatedConfig());
    const socket = await server.connect();
    const received: Sample[] = [];
    socket.on(EVENTS.dashboardUpdate, (batch) => received.push(...batch));
    await eventually(() => (server?.app.hub.get('stocks.GLOBEX')?.history.lastSeq ?? 0) > 2 || undefined, 5_000, 'history');
    const ack = await subscribe(socket, { topics: [], patterns: ['stocks.*'] });
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.topics.map((entry) => entry.topic).sort()).toEqual(['stocks.ACME', 'stocks.GLOBEX']);
    expect(ack.topics.every((entry) => entry.history.length > 0 && !entry.recovered)).toBe(true);
    expect(ack.patterns).toEqual(['stocks.*']);
    await eventually(() => (new Set(received.map((s) => s.topic)).size === 2 ? true : undefined), 5_000, 'samples of both');
    expect(received.every((sample) => sample.topic.startsWith('stocks.'))).toBe(true);
  });

  it('joins a topic that appears later to the sockets whose globs match it, history first, then live samples', async () => {
    const base = simulatedConfig();
    const { file, write } = await configFile(base);
    server = await startServerFromFile(file, { watchConfig: false });
    const socket = await server.connect();
    const other = await server.connect();
    const received: Sample[] = [];
    socket.on(EVENTS.dashboardUpdate, (batch) => received.push(...batch));
    const joinedOther: TopicJoinedEvent[] = [];
    other.on(EVENTS.topicJoined, (event) => joinedOther.push(event));
    const ack = await subscribe(socket, { topics: ['stocks.ACME'], patterns: ['build.*'] });
    expect(ack).toMatchObject({ ok: true, patterns: ['build.*'] });
    await subscribe(other, { topics: [], patterns: ['deploy.*'] });

    const joined = waitFor<TopicJoinedEvent>(socket, EVENTS.topicJoined);
    await write({ ...base, feeds: [...base.feeds, BUILD_FEED] });
    await server.app.reloadConfig();
    const event = await joined;
    expect(event).toMatchObject({ topic: 'build.api', pattern: 'build.*', recovered: false, history: [], meta: { topic: 'build.api', kind: 'push' }, status: { state: 'pending' } });
    expect(server.app.feeds.push('build.api', 'secret-token-1234', [{ values: { minutes: 7 } }])).toMatchObject({ ok: true });
    await eventually(() => received.find((sample) => sample.topic === 'build.api'), 5_000, 'a live sample of the new topic');
    expect(joinedOther).toEqual([]);
  });

  it('counts globs toward the topic limit, and passes a socket at its limit over', async () => {
    const base = simulatedConfig({ server: { logLevel: 'silent', limits: { maxTopicsPerSocket: 3 } } });
    const { file, write } = await configFile(base);
    server = await startServerFromFile(file, { watchConfig: false });
    const socket = await server.connect();
    const refused = await subscribe(socket, { topics: ['stocks.ACME', 'stocks.GLOBEX'], patterns: ['build.*', 'deploy.*'] });
    expect(refused).toMatchObject({ ok: false, code: ERROR_CODES.LIMIT_EXCEEDED });
    expect(await subscribe(socket, { topics: ['stocks.ACME'], patterns: ['build.*'] })).toMatchObject({ ok: true });
    // One topic and one glob held: one more topic fits, the second does not.
    const joined: TopicJoinedEvent[] = [];
    socket.on(EVENTS.topicJoined, (event) => joined.push(event));
    await write({ ...base, feeds: [...base.feeds, BUILD_FEED, { ...BUILD_FEED, topic: 'build.web' }] });
    await server.app.reloadConfig();
    await eventually(() => (joined.length > 0 ? true : undefined), 5_000, 'a join');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(joined.map((event) => event.topic)).toEqual(['build.api']);
  });

  it('refuses malformed globs and an empty request, and stops joining after an unsubscribe', async () => {
    const base = simulatedConfig();
    const { file, write } = await configFile(base);
    server = await startServerFromFile(file, { watchConfig: false });
    const socket = await server.connect();
    expect(await subscribe(socket, { topics: [], patterns: ['build..*'] })).toMatchObject({ ok: false, code: ERROR_CODES.REQUEST_INVALID });
    expect(await subscribe(socket, { topics: [], patterns: ['build/+'] })).toMatchObject({ ok: false, code: ERROR_CODES.REQUEST_INVALID });
    expect(await subscribe(socket, { topics: [] })).toMatchObject({ ok: false, code: ERROR_CODES.REQUEST_INVALID });
    expect(await subscribe(socket, { topics: [], patterns: Array.from({ length: 33 }, (_, i) => `p${i}.*`) })).toMatchObject({ ok: false, code: ERROR_CODES.REQUEST_INVALID });

    expect(await subscribe(socket, { topics: [], patterns: ['build.*'] })).toMatchObject({ ok: true });
    const unsubscribed = await socket.timeout(5000).emitWithAck(EVENTS.unsubscribe, { topics: [], patterns: ['build.*'] });
    expect(unsubscribed).toMatchObject({ ok: true, patterns: ['build.*'] });
    const joined: TopicJoinedEvent[] = [];
    socket.on(EVENTS.topicJoined, (event) => joined.push(event));
    await write({ ...base, feeds: [...base.feeds, BUILD_FEED] });
    await server.app.reloadConfig();
    await eventually(() => server?.app.hub.get('build.api'), 5_000, 'the new topic');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(joined).toEqual([]);
  });
});
