import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = path.resolve('scripts/check-dependency-floor.mjs');

function check(tree: unknown): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-floor-'));
    try {
      const file = path.join(dir, 'tree.json');
      await writeFile(file, JSON.stringify(tree));
      const run = spawnSync(process.execPath, [SCRIPT, '--tree', file], { encoding: 'utf8' });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
}

describe('the dependency floor', () => {
  it('fails on a copy below its floor, nested ones too, naming where it is', async () => {
    const result = await check({
      dependencies: {
        'socket.io': { version: '4.8.4', dependencies: { 'engine.io': { version: '6.6.12', dependencies: { ws: { version: '8.17.1' } } } } },
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('socket.io > engine.io > ws is 8.17.1, below 8.21.0');
  });

  it('passes the installed tree', () => {
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^dependency floor: ok \(.*ws@8\./);
  });
});
