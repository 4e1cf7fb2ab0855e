import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../src/protocol';
import { simulatedConfig } from '../helpers/configs';
import { startServer, type TestServer } from '../helpers/server';

// `@livewall/client` as a user gets it: `npm pack` of dist/client (built by `npm run build`,
// which `npm test` runs first), installed into an empty project, type-checked and run in Node.
const PACKAGE_DIR = path.resolve('dist/client');
const CONSUMER_DIR = path.resolve('test/client-package/consumer');
const TSC = path.resolve('node_modules/typescript/bin/tsc');
const ROOT = JSON.parse(await readFile('package.json', 'utf8')) as { version: string; dependencies: Record<string, string> };

let tmp: string | undefined;
let project = '';
let packedFiles: string[] = [];
let server: TestServer | undefined;

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed (${err.killed ? `killed after ${timeoutMs} ms` : `exit ${String(err.code)}`}):\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(path.join(PACKAGE_DIR, 'package.json'))) throw new Error('dist/client/package.json is missing: run `npm run build` first (`npm test` does).');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'livewall-client-package-'));
  const { stdout } = await run('npm', ['pack', PACKAGE_DIR, '--pack-destination', tmp, '--json'], tmp, 60_000);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack printed no package:\n${stdout}`);
  packedFiles = packed.files.map((file) => file.path);

  project = path.join(tmp, 'project');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  // socket.io-client and its dependencies come from the npm cache, or the registry.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(tmp, packed.filename)], project, 150_000);
  for (const file of ['consumer.ts', 'receive-samples.mjs']) await copyFile(path.join(CONSUMER_DIR, file), path.join(project, file));
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('@livewall/client, packed and installed in an empty project', () => {
  it('ships its code, its declarations and its readme, nothing else', () => {
    expect(packedFiles).toContain('index.js');
    expect(packedFiles).toContain('index.d.ts');
    for (const file of packedFiles) expect(file).toMatch(/^(README\.md|package\.json|index\.(js|js\.map|d\.ts)|types\/(web\/src\/net|src\/protocol)\/[\w-]+\.d\.ts)$/);
  });

  it('installs socket.io-client and nothing of the server', async () => {
    const installed = JSON.parse(await readFile(path.join(project, 'node_modules/@livewall/client/package.json'), 'utf8')) as Record<string, unknown>;
    expect(installed).toMatchObject({ name: '@livewall/client', version: ROOT.version, type: 'module' });
    expect(Object.keys(installed.dependencies as object)).toEqual(['socket.io-client']);

    // Every package installed, hoisted or nested, by name.
    const lock = JSON.parse(await readFile(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const names = Object.keys(lock.packages).filter(Boolean).map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(names).toContain('socket.io-client');
    // socket.io-parser is the server's (to refuse binary packets) and socket.io-client's own too.
    const serverOnly = Object.keys(ROOT.dependencies).filter((name) => name !== 'socket.io-parser');
    for (const serverPackage of ['livewall', 'socket.io', ...serverOnly]) expect(names).not.toContain(serverPackage);
  });

  it('keeps socket.io-client an import, so Node gets its Node build and a bundler its browser build', async () => {
    const code = await readFile(path.join(project, 'node_modules/@livewall/client/index.js'), 'utf8');
    expect(code).toMatch(/^import \{[^}]*\} from "socket\.io-client";$/m);
  });

  const CHECKS = {
    // Node's own resolution, and no DOM: what a Node user has.
    nodenext: { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'] },
    // What a bundled browser app has.
    bundler: { module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'] },
  };
  it.each(Object.entries(CHECKS))('type-checks a consumer under moduleResolution %s, strict, without skipLibCheck', async (name, options) => {
    const tsconfig = path.join(project, `tsconfig.${name}.json`);
    const compilerOptions = { ...options, target: 'ES2022', types: [], strict: true, skipLibCheck: false, noEmit: true };
    await writeFile(tsconfig, JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2));
    await run(process.execPath, [TSC, '-p', tsconfig], project, 60_000);
  }, 70_000);

  it('receives live samples from a real server in Node', async () => {
    server = await startServer(simulatedConfig());
    const { stdout } = await run(process.execPath, ['receive-samples.mjs', server.url, 'stocks.ACME', '3'], project, 20_000);
    const samples = stdout.trim().split('\n').map((line) => JSON.parse(line) as Sample);
    expect(samples).toHaveLength(3);
    for (const sample of samples) expect(sample).toMatchObject({ topic: 'stocks.ACME', values: { price: expect.any(Number) } });
    const seqs = samples.map((sample) => sample.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  }, 30_000);
});
