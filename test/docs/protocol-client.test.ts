import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startServer, type TestServer } from '../helpers/server';

let server: TestServer | undefined;
let dir: string | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  child = undefined;
  dir = undefined;
});

const CPU_FEED = { kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 200 } as const;

/** The first ```js block of docs/protocol.md, exactly as a user would copy it. */
async function documentedClient(): Promise<string> {
  const doc = await readFile('docs/protocol.md', 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/protocol.md has no ```js block');
  return code;
}

/** Runs the documented client against `url` in its own Node process; `output()` is its stdout and stderr so far. */
async function runDocumentedClient(url: string): Promise<{ output(): string }> {
  // Inside the project, so `socket.io-client` resolves from node_modules as it would for a user.
  dir = await mkdtemp(path.resolve('node_modules/.livewall-doc-client-'));
  const file = path.join(dir, 'client.mjs');
  await writeFile(file, await documentedClient());
  child = spawn(process.execPath, [file], { env: { ...process.env, LIVEWALL_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { output: () => out };
}

const cpuLines = (out: string) => out.match(/^system\.cpu seq=/gm)?.length ?? 0;

describe('the plain-JS client in docs/protocol.md', () => {
  it('receives system.cpu at the configured interval, and nothing it did not ask for', async () => {
    server = await startServer({ server: { logLevel: 'silent' }, feeds: [CPU_FEED, { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100 }] });
    const client = await runDocumentedClient(server.url);
    await eventually(() => (cpuLines(client.output()) >= 5 ? true : undefined), 15_000, 'five cpu lines');
    child?.kill();
    const out = client.output();
    const lines = out.split('\n').filter((line) => line.startsWith('system.cpu seq='));
    const seqs = lines.map((line) => Number(/seq=(\d+)/.exec(line)?.[1]));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
    const times = lines.map((line) => Date.parse(line.split(' ')[2] ?? ''));
    // Polls tick on the 200 ms grid: never two in one interval, however late a timer fires.
    const ticks = times.map((t) => Math.floor(t / 200));
    expect(ticks.slice(1).every((tick, i) => tick > (ticks[i] as number))).toBe(true);
    expect(lines[0]).toMatch(/ total=[\d.]+ user=[\d.]+ system=[\d.]+$/);
    expect(out).not.toContain('stocks.ACME');
    expect(out).not.toContain('failed');
  });

  it('reconnects by itself when the server restarts, and prints samples of the new run', async () => {
    const config = { server: { logLevel: 'silent' as const }, feeds: [CPU_FEED] };
    server = await startServer(config);
    const { port } = server;
    const client = await runDocumentedClient(server.url);
    await eventually(() => (cpuLines(client.output()) >= 2 ? true : undefined), 15_000, 'cpu lines from the first run');
    await server.close();
    server = undefined;
    await eventually(() => (client.output().includes('disconnected (') ? true : undefined), 5_000, 'the disconnect line');
    const before = client.output().length;
    server = await startServer(config, { port });
    await eventually(() => (cpuLines(client.output().slice(before)) >= 2 ? true : undefined), 15_000, 'cpu lines from the restarted server');
    // "io server disconnect" would have stopped socket.io-client from reconnecting at all.
    expect(client.output()).toMatch(/^disconnected \(transport (close|error)\)/m);
    // A new run: the client dropped the old seqs and took the new run's history.
    expect(client.output().slice(before)).toMatch(/^\(\d+ samples of history\)$/m);
  });
});
