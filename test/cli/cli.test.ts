import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect as connectTcp } from 'node:net';
import { io as connectClient } from 'socket.io-client';
import { simulatedConfig } from '../helpers/configs';
import { eventually } from '../helpers/server';

const BIN = path.resolve('bin/livewall.js');
const children: ChildProcessWithoutNullStreams[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, ...output })));
  return { child, output, exited };
}

const run = (args: string[], env?: NodeJS.ProcessEnv) => start(args, env).exited;

/** Polls an async check until it gives a value, for up to 10 s. */
async function eventuallyAsync<T>(check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function writeConfig(config: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'livewall-cli-'));
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(config));
  return file;
}

const BROKEN = {
  server: { port: 'x' },
  feeds: [
    { kind: 'stock', topic: 'stocks.A' },
    { kind: 'stock', topic: 'stocks.B' },
    { kind: 'sensor', topic: 'sensors.s', intervalMs: 50, fields: [] },
  ],
};

beforeAll(() => {
  if (!existsSync('dist/server/main.js')) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('livewall validate', () => {
  it('exits 0 on a good config', async () => {
    const result = await run(['validate', 'config/default.json']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('config/default.json: valid') });
  });

  it('exits 1 and lists every problem with its path', async () => {
    const file = await writeConfig(BROKEN);
    const result = await run(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: 3 problem(s)`);
    expect(result.stderr).toContain('server.port: must be a number, got string "x"');
    expect(result.stderr).toContain('feeds[2].intervalMs: must be ≥ 100, got 50');
    expect(result.stderr).toContain('feeds[2].fields: must have at least 1 item(s)');
  });
});

describe('livewall serve', () => {
  it('exits 1 and lists every problem for a broken config', async () => {
    const result = await run(['serve', '--config', await writeConfig(BROKEN), '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problem(s)');
  });

  it('rejects a bad --port before loading anything', async () => {
    const result = await run(['serve', '--port', '70000']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--port must be a whole number from 0 to 65535, got "70000"');
  });

  it('prints one line with the real URL, serves, and exits 0 on SIGTERM', async () => {
    const server = start(['serve', '--config', await writeConfig(simulatedConfig()), '--port', '0']);
    const url = await eventually(() => /^Livewall is serving (http:\/\/127\.0\.0\.1:\d+) /m.exec(server.output.stdout)?.[1], 15_000, 'the URL line');
    expect(url).not.toMatch(/:0$/);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; topics: number };
    expect(health).toMatchObject({ status: 'ok', topics: 3 });
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('tells its viewers it is going away on SIGTERM, and exits 0 within 2 s though a viewer never lets go', async () => {
    const server = start(['serve', '--config', await writeConfig(simulatedConfig()), '--port', '0']);
    const url = await eventually(() => /(http:\/\/\S+) /.exec(server.output.stdout)?.[1], 15_000, 'the URL line');
    const viewer = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => viewer.once('connect', () => resolve()));
    const told = new Promise<{ reason: string }>((resolve) => viewer.once('going away' as never, resolve as never));
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await told).toEqual({ reason: 'the server is shutting down' });
    const result = await server.exited;
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    viewer.disconnect();
  });

  it('exits at once, non-zero and saying so, on a second signal while shutting down', async () => {
    const server = start(['serve', '--config', await writeConfig(simulatedConfig({ server: { logLevel: 'info' } })), '--port', '0']);
    const url = new URL(await eventually(() => /(http:\/\/\S+) /.exec(server.output.stdout)?.[1], 15_000, 'the URL line'));
    // A WebSocket peer that never answers the close handshake holds the shutdown for its one-second grace.
    const peer = connectTcp(Number(url.port), '127.0.0.1');
    peer.on('error', () => undefined);
    peer.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    await new Promise((resolve) => peer.once('data', resolve));
    server.child.kill('SIGTERM');
    await eventually(() => (server.output.stdout.includes('"msg":"shutting down"') ? true : undefined), 5_000, 'the shutdown');
    server.child.kill('SIGTERM');
    const result = await server.exited;
    peer.destroy();
    expect(result.code).toBe(143);
    expect(result.stderr).toContain('livewall: SIGTERM again while shutting down; exiting at once');
  });

  it('reloads its config on SIGHUP, also with --no-watch', async () => {
    const file = await writeConfig(simulatedConfig());
    const server = start(['serve', '--config', file, '--port', '0', '--no-watch']);
    const url = await eventually(() => /(http:\/\/\S+) /.exec(server.output.stdout)?.[1], 15_000, 'the URL line');
    const topics = async () => ((await (await fetch(`${url}/api/topics`)).json()) as { topics: { meta: { topic: string } }[] }).topics.map((t) => t.meta.topic);
    const edited = simulatedConfig({ feeds: [{ kind: 'stock', topic: 'stocks.INITECH', intervalMs: 100 }], dashboards: [] });
    await writeFile(file, JSON.stringify(edited));
    // --no-watch: the edit alone changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await topics()).toEqual(['stocks.ACME', 'stocks.GLOBEX', 'sensors.greenhouse']);
    server.child.kill('SIGHUP');
    const after = await eventuallyAsync(async () => {
      const names = await topics();
      return names.length === 1 ? names : undefined;
    });
    expect(after).toEqual(['stocks.INITECH']);
  });

  it('takes the port from PORT when --port is not given', async () => {
    const probe = start(['serve', '--config', await writeConfig(simulatedConfig()), '--port', '0']);
    const free = await eventually(() => /:(\d+) /.exec(probe.output.stdout)?.[1], 15_000, 'a free port');
    probe.child.kill('SIGTERM');
    await probe.exited;
    const server = start(['serve', '--config', await writeConfig(simulatedConfig())], { PORT: free });
    const url = await eventually(() => /(http:\/\/\S+) /.exec(server.output.stdout)?.[1], 15_000, 'the URL line');
    expect(url).toBe(`http://127.0.0.1:${free}`);
  });
});
