import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startServer, type TestServer } from '../helpers/server';

let server: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
});

/** The first ```js block of docs/protocol.md, exactly as a user would copy it. */
async function documentedClient(): Promise<string> {
  const doc = await readFile('docs/protocol.md', 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/protocol.md has no ```js block');
  return code;
}

describe('the plain-JS client in docs/protocol.md', () => {
  it('receives system.cpu at the configured interval, and nothing it did not ask for', async () => {
    server = await startServer({
      server: { logLevel: 'silent' },
      feeds: [
        { kind: 'system', topic: 'system.cpu', metric: 'cpu', intervalMs: 200 },
        { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100 },
      ],
    });
    // Inside the project, so `socket.io-client` resolves from node_modules as it would for a user.
    dir = await mkdtemp(path.resolve('node_modules/.livewall-doc-client-'));
    const file = path.join(dir, 'client.mjs');
    await writeFile(file, await documentedClient());
    const child = spawn(process.execPath, [file], { env: { ...process.env, LIVEWALL_URL: server.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await eventually(() => ((out.match(/^system\.cpu seq=/gm)?.length ?? 0) >= 5 ? true : undefined), 15_000, 'five cpu lines');
    } finally {
      child.kill();
    }
    const lines = out.split('\n').filter((line) => line.startsWith('system.cpu seq='));
    const seqs = lines.map((line) => Number(/seq=(\d+)/.exec(line)?.[1]));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
    const times = lines.map((line) => Date.parse(line.split(' ')[2] ?? ''));
    // Node timers can fire up to a millisecond early by Date.now(), so allow 2 ms of slack.
    expect(Math.min(...times.slice(1).map((t, i) => t - (times[i] as number)))).toBeGreaterThanOrEqual(200 - 2);
    expect(lines[0]).toMatch(/ total=[\d.]+ user=[\d.]+ system=[\d.]+$/);
    expect(out).not.toContain('stocks.ACME');
    expect(out).not.toContain('failed');
  });
});
