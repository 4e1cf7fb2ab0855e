import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type DashboardsResponse, type SubscribeAck, type TopicsResponse } from '../../src/protocol';
import { startServer, type TestServer } from '../helpers/server';

const LOBBY = 'lobby-tv-token-0123456789';
const OPS = 'ops-room-token-0123456789';

const config: ConfigInput = {
  server: { logLevel: 'silent', viewerTokens: [{ name: 'lobby TV', token: LOBBY, dashboards: ['lobby'] }, { token: OPS }] },
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 200, seed: 1 },
    { kind: 'stock', topic: 'stocks.SECRET', intervalMs: 200, seed: 2 },
  ],
  dashboards: [
    { id: 'lobby', title: 'Lobby', panels: [{ topic: 'stocks.ACME' }] },
    { id: 'board', title: 'Board', panels: [{ topic: 'stocks.SECRET' }] },
  ],
};

let server: TestServer | undefined;
const sockets: { disconnect(): unknown }[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await server?.close();
  server = undefined;
});

function open(url: string, token?: string) {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token ? { auth: { token } } : {}) });
  sockets.push(socket);
  return socket;
}

const connected = (socket: ReturnType<typeof open>): Promise<string> =>
  new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error) => resolve(err.message));
  });

const api = async (path: string, token?: string) => {
  const res = await fetch(`${server?.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('viewer tokens', () => {
  it('refuses a viewer with no token or a wrong one, over the socket and the API', async () => {
    server = await startServer(config);
    expect(await connected(open(server.url))).toMatch(/^LIVEWALL_ERR_UNAUTHORIZED/);
    expect(await connected(open(server.url, 'not-a-token-at-all-000'))).toMatch(/^LIVEWALL_ERR_UNAUTHORIZED/);
    expect(await api('/api/topics')).toMatchObject({ status: 401, body: { error: { code: 'LIVEWALL_ERR_UNAUTHORIZED' } } });
    expect((await api('/api/dashboards', 'not-a-token-at-all-000')).status).toBe(401);
  });

  it('lets a token scoped to one dashboard see that dashboard and its topics only', async () => {
    server = await startServer(config);
    const socket = open(server.url, LOBBY);
    expect(await connected(socket)).toBe('connected');
    const ack: SubscribeAck = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME', 'stocks.SECRET'] });
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.topics.map((topic) => topic.topic)).toEqual(['stocks.ACME']);
    expect(ack.unknown).toEqual(['stocks.SECRET']);

    const dashboards = (await api('/api/dashboards', LOBBY)).body as DashboardsResponse;
    expect(dashboards.dashboards.map((d) => d.id)).toEqual(['lobby']);
    const topics = (await api('/api/topics', LOBBY)).body as TopicsResponse;
    expect(topics.topics.map((t) => t.meta.topic)).toEqual(['stocks.ACME']);
    expect((await api('/api/topics/stocks.SECRET/history', LOBBY)).status).toBe(404);
  });

  it('lets an unscoped token see everything', async () => {
    server = await startServer(config);
    const socket = open(server.url, OPS);
    expect(await connected(socket)).toBe('connected');
    const ack: SubscribeAck = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME', 'stocks.SECRET'] });
    expect(ack.ok && ack.topics.length).toBe(2);
    expect(((await api('/api/dashboards', OPS)).body as DashboardsResponse).dashboards).toHaveLength(2);
  });
});
