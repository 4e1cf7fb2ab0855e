import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type HistoryResponse, type Sample, type SubscribeAck } from '../../src/protocol';
import { eventually, startServer, type TestServer } from '../helpers/server';

const TOKEN = 'restart-test-token-012345';
let dir: string;
let server: TestServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'livewall-restart-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const config = (): ConfigInput => ({
  server: { logLevel: 'silent' },
  storage: { path: path.join(dir, 'livewall.db'), flushIntervalMs: 200 },
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
    { kind: 'push', topic: 'build.queue', fields: [{ name: 'depth' }], token: TOKEN },
  ],
});

describe('a restart with the history store', () => {
  it('comes back with its charts full: a viewer resumes with since and gets exactly what it missed', async () => {
    server = await startServer(config());
    const { port } = server;
    await eventually(() => ((server?.app.hub.get('stocks.ACME')?.history.length ?? 0) >= 10 ? true : undefined), 10_000, 'ten samples');
    const socket = await server.connect();
    const first: SubscribeAck = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME'] });
    if (!first.ok) throw new Error(first.message);
    const epoch = first.epoch;
    const held = first.topics[0]?.history ?? [];
    const lastSeen = held.at(-1) as Sample;
    await server.close();

    server = await startServer(config(), { port });
    expect(server.app.hub.epoch).toBe(epoch);
    await eventually(() => ((server?.app.hub.get('stocks.ACME')?.history.lastSeq ?? 0) > lastSeen.seq + 3 ? true : undefined), 10_000, 'new samples');
    const again = await server.connect();
    const resumed: SubscribeAck = await again.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME'], since: { 'stocks.ACME': lastSeen.seq }, epoch });
    if (!resumed.ok) throw new Error(resumed.message);
    const topic = resumed.topics[0];
    expect(topic?.recovered).toBe(true);
    const seqs = topic?.history.map((sample) => sample.seq) ?? [];
    // What the first run wrote after the viewer's last sample, then the new run's: in order, none twice, none reused.
    expect(seqs[0]).toBeGreaterThan(lastSeen.seq);
    expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number))).toBe(true);
    // A fresh viewer gets the old run's samples too: the chart is full at once.
    const full = (await (await fetch(`${server.url}/api/topics/stocks.ACME/history`)).json()) as HistoryResponse;
    expect(full.samples[0]?.seq).toBe(held[0]?.seq);
  });
});

describe('SIGKILL', { timeout: 60_000 }, () => {
  beforeAll(() => {
    if (!existsSync('dist/server/main.js')) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  });

  it('loses at most the last flush interval, and the next run never reissues a seq a viewer saw', async () => {
    const file = path.join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ ...config(), feeds: [config().feeds[1]] }));
    const start = () => {
      const child = spawn(process.execPath, [path.resolve('bin/livewall.js'), 'serve', '--config', file, '--port', '0', '--no-watch'], { cwd: dir });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return { child, exited, url: () => eventually(() => /(http:\/\/\S+) /.exec(out)?.[1], 15_000, 'the URL line') };
    };

    const first = start();
    const url = await first.url();
    const viewer = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    const seen: number[] = [];
    viewer.on(EVENTS.dashboardUpdate, (batch: Sample[]) => seen.push(...batch.map((sample) => sample.seq)));
    await new Promise<void>((resolve) => viewer.once('connect', () => resolve()));
    await viewer.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['build.queue'] });
    const acked: { depth: number; at: number }[] = [];
    for (let depth = 1; depth <= 60; depth += 1) {
      const res = await fetch(`${url}/api/topics/build.queue`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ values: { depth } }) });
      expect(res.status).toBe(202);
      acked.push({ depth, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await eventually(() => (seen.length >= 60 ? true : undefined), 5_000, 'the viewer saw every push');
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    viewer.disconnect();

    const second = start();
    const url2 = await second.url();
    try {
      const kept = (await (await fetch(`${url2}/api/topics/build.queue/history`)).json()) as HistoryResponse;
      const keptDepths = new Set(kept.samples.map((sample) => sample.values.depth));
      // Every push acknowledged more than one flush interval (200 ms) and a margin before the kill was written.
      const mustHave = acked.filter((push) => push.at < killedAt - 200 - 100).map((push) => push.depth);
      expect(mustHave.length).toBeGreaterThan(40);
      expect(mustHave.filter((depth) => !keptDepths.has(depth))).toEqual([]);
      // The next sample's seq is above every seq the viewer saw.
      const res = await fetch(`${url2}/api/topics/build.queue`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"values":{"depth":99}}' });
      expect(res.status).toBe(202);
      const after = (await (await fetch(`${url2}/api/topics/build.queue/history`)).json()) as HistoryResponse;
      expect(after.samples.at(-1)?.seq).toBeGreaterThan(Math.max(...seen));
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  });
});
