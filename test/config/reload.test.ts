import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { io as connect } from 'socket.io-client';
import { EVENTS, type ConfigState, type HelloEvent, type Sample, type TopicsResponse } from '../../src/protocol';
import { eventually, startServerFromFile, waitFor, type TestServer, type TestSocket } from '../helpers/server';

const base: ConfigInput = {
  storage: false,
  server: { logLevel: 'silent' },
  feeds: [{ kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 }],
  dashboards: [{ id: 'wall', title: 'Wall', panels: [{ topic: 'stocks.ACME' }] }],
};

const withGlobex: ConfigInput = {
  ...base,
  feeds: [...(base.feeds ?? []), { kind: 'stock', topic: 'stocks.GLOBEX', intervalMs: 100, seed: 2 }],
  dashboards: [{ id: 'wall', title: 'Wall', panels: [{ topic: 'stocks.ACME' }, { topic: 'stocks.GLOBEX' }] }],
};

let server: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function configFile(config: unknown): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'livewall-reload-'));
  const file = path.join(dir, 'livewall.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/** Saves as many editors do: write a temporary file beside it, then rename it over the old one. */
async function saveByRename(file: string, content: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  await rename(temporary, file);
}

function collect(socket: TestSocket): { samples: Sample[]; configs: ConfigState[] } {
  const out = { samples: [] as Sample[], configs: [] as ConfigState[] };
  socket.on(EVENTS.dashboardUpdate, (batch) => out.samples.push(...batch));
  socket.on(EVENTS.configChanged, (state) => out.configs.push(state));
  return out;
}

async function subscribe(socket: TestSocket, topics: string[]): Promise<void> {
  const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics });
  if (!ack.ok) throw new Error(ack.message);
}

const topicNames = async (s: TestServer): Promise<string[]> =>
  ((await (await fetch(`${s.url}/api/topics`)).json()) as TopicsResponse).topics.map((t) => t.meta.topic);

const seqsOf = (samples: Sample[], topic: string): number[] => samples.filter((s) => s.topic === topic).map((s) => s.seq);

describe('hot reload', () => {
  it('starts an added feed, stops a removed one, and keeps an unchanged topic\'s seq, history and viewers', async () => {
    const file = await configFile(base);
    server = await startServerFromFile(file);
    const socket = await server.connect();
    const got = collect(socket);
    await subscribe(socket, ['stocks.ACME']);
    await eventually(() => (seqsOf(got.samples, 'stocks.ACME').length >= 3 ? true : undefined), 10_000, 'ACME samples');
    const historyBefore = server.app.hub.get('stocks.ACME')?.history.length ?? 0;

    await saveByRename(file, withGlobex);
    const added = await eventually(() => got.configs.at(-1), 10_000, 'config changed');
    expect(added).toMatchObject({ ok: true, problems: [] });
    expect(await topicNames(server)).toEqual(['stocks.ACME', 'stocks.GLOBEX']);
    await subscribe(socket, ['stocks.GLOBEX']);
    await eventually(() => (seqsOf(got.samples, 'stocks.GLOBEX').length >= 3 ? true : undefined), 10_000, 'GLOBEX samples');

    // ACME's feed did not change: one unbroken run of seqs, history kept, this viewer still fed.
    const acme = seqsOf(got.samples, 'stocks.ACME');
    expect(acme).toEqual(Array.from({ length: acme.length }, (_, i) => (acme[0] as number) + i));
    expect(server.app.hub.get('stocks.ACME')?.history.length).toBeGreaterThanOrEqual(historyBefore);

    await writeFile(file, JSON.stringify(base));
    await eventually(() => (got.configs.length >= 2 ? true : undefined), 10_000, 'second config changed');
    expect(await topicNames(server)).toEqual(['stocks.ACME']);
    const globexCount = seqsOf(got.samples, 'stocks.GLOBEX').length;
    const acmeCount = seqsOf(got.samples, 'stocks.ACME').length;
    await eventually(() => (seqsOf(got.samples, 'stocks.ACME').length >= acmeCount + 3 ? true : undefined), 10_000, 'ACME goes on');
    expect(seqsOf(got.samples, 'stocks.GLOBEX').length).toBe(globexCount);
  });

  it('restarts a changed feed, keeping its topic\'s history and numbering on', async () => {
    const file = await configFile(base);
    server = await startServerFromFile(file);
    const hub = server.app.hub;
    await eventually(() => ((hub.get('stocks.ACME')?.history.length ?? 0) >= 3 ? true : undefined), 10_000, 'ACME history');
    await writeFile(file, JSON.stringify({ ...base, feeds: [{ kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1, title: 'Acme Corp' }] }));
    await eventually(() => (hub.get('stocks.ACME')?.meta.title === 'Acme Corp' ? true : undefined), 10_000, 'the new title');
    const lastSeq = hub.get('stocks.ACME')?.history.lastSeq ?? 0;
    await eventually(() => ((hub.get('stocks.ACME')?.history.lastSeq ?? 0) > lastSeq + 2 ? true : undefined), 10_000, 'new samples');
    const seqs = hub.backfill('stocks.ACME').history.map((s) => s.seq);
    expect(seqs[0]).toBe(1);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('keeps the old feeds running on an invalid edit, and says what is wrong on /healthz and to walls, until it is fixed', async () => {
    const file = await configFile(base);
    server = await startServerFromFile(file);
    const socket = await server.connect();
    const got = collect(socket);
    await subscribe(socket, ['stocks.ACME']);

    await writeFile(file, JSON.stringify({ ...withGlobex, feeds: [...(withGlobex.feeds ?? []), { kind: 'stock', topic: 'stocks.BAD', intervalMs: 5 }] }));
    const refused = await eventually(() => got.configs.at(-1), 10_000, 'config changed (refused)');
    expect(refused.ok).toBe(false);
    expect(refused.problems).toEqual(['feeds[2].intervalMs: must be ≥ 100, got 5']);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; config: { ok: boolean; file: string; problems: string[] } };
    expect(health).toMatchObject({ status: 'ok', config: { ok: false, file, problems: ['feeds[2].intervalMs: must be ≥ 100, got 5'] } });
    expect(await topicNames(server)).toEqual(['stocks.ACME']);
    const count = seqsOf(got.samples, 'stocks.ACME').length;
    await eventually(() => (seqsOf(got.samples, 'stocks.ACME').length >= count + 3 ? true : undefined), 10_000, 'ACME still flowing');

    await writeFile(file, '{ "feeds": [ ');
    await eventually(() => (got.configs.at(-1)?.problems[0]?.startsWith('not valid JSON') ? true : undefined), 10_000, 'a JSON problem');

    await writeFile(file, JSON.stringify(withGlobex));
    await eventually(() => (got.configs.at(-1)?.ok === true ? true : undefined), 10_000, 'config fixed');
    expect(await topicNames(server)).toEqual(['stocks.ACME', 'stocks.GLOBEX']);
    const fixed = (await (await fetch(`${server.url}/healthz`)).json()) as { config: { ok: boolean; problems: string[] } };
    expect(fixed.config).toMatchObject({ ok: true, problems: [] });
  });

  it('tells a wall that connects later which config runs and what is wrong with the file', async () => {
    const file = await configFile(base);
    server = await startServerFromFile(file);
    await writeFile(file, JSON.stringify({ feeds: 'nope' }));
    await eventually(() => (server?.app.config.state.ok === false ? true : undefined), 10_000, 'refused edit');
    const socket: TestSocket = connect(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    const hello = await waitFor<HelloEvent>(socket, EVENTS.hello).finally(() => socket.disconnect());
    expect(hello.config).toMatchObject({ ok: false, problems: ['feeds: must be an array, got string "nope"'] });
    expect(hello.config.version).toBe(server.app.config.state.version);
  });
});
