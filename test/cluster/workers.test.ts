import { get } from 'node:http';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNodeId } from '../../src/cluster/node-id';
import type { ConfigInput } from '../../src/config/schema';
import { eventually } from '../helpers/server';
import { gaps, outOfOrder, REDIS_URL, redisForTests, startNode, startViewer, testPrefix, type NodeProcess, type Viewer } from './node-process';

/** `livewall serve --workers 2`: one port, two processes, one cluster through the real Redis. */

/** The cluster state of whichever worker takes a new connection (fetch would keep reusing one). */
function clusterOnNewConnection(url: string): Promise<{ nodeId: string; leases: string[] } | undefined> {
  return new Promise((resolve) => {
    const req = get(`${url}/readyz`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve((JSON.parse(body) as { cluster?: { nodeId: string; leases: string[] } }).cluster));
    });
    req.setTimeout(2_000, () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** The node id of whichever worker takes a new connection. */
async function nodeIdOnNewConnection(url: string): Promise<string | undefined> {
  return (await clusterOnNewConnection(url))?.nodeId;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let available = false;
beforeAll(async () => {
  available = await redisForTests();
});

describe('serve --workers', { timeout: 60_000 }, () => {
  const keys = testPrefix();
  let primary: NodeProcess | undefined;
  let viewers: Viewer[] = [];
  afterAll(async () => {
    for (const viewer of viewers) viewer.close();
    await primary?.stop('SIGKILL');
    await keys.cleanUp();
  });

  it('serves one port from two workers that share feeds and viewers, restarts a dead one, and stops on SIGTERM', async (ctx) => {
    if (!available) return ctx.skip();
    const config: ConfigInput = {
      server: { logLevel: 'warn' },
      storage: false,
      cluster: { redis: REDIS_URL, keyPrefix: keys.prefix, leaseMs: 1_000 },
      feeds: [
        { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
        { kind: 'system', topic: 'system.load', metric: 'load', intervalMs: 100 },
      ],
    };
    primary = await startNode(config, ['--workers', '2']);
    // The two workers are one machine: one set of host topics, named for the primary, polled by one worker.
    const hostTopic = `hosts.${defaultNodeId(hostname(), primary.child.pid)}.load`;
    // One "serving" line for the whole machine.
    expect(primary.output().match(/serving/g)).toHaveLength(1);
    expect(primary.output()).toContain('2 workers');
    // Connections are handed round-robin: both workers answer on the one port.
    const seen = new Set<string>();
    await eventually(async () => {
      const id = await nodeIdOnNewConnection((primary as NodeProcess).url);
      if (id) seen.add(id);
      return seen.size === 2 ? true : undefined;
    }, 10_000, 'both workers to answer');

    viewers = await Promise.all([0, 1, 2, 3].map(() => startViewer((primary as NodeProcess).url, ['stocks.ACME', hostTopic])));
    await sleep(2_000);
    for (const viewer of viewers) {
      for (const topic of ['stocks.ACME', hostTopic]) {
        const seqs = viewer.seqs(topic);
        expect(seqs.length).toBeGreaterThan(15);
        expect(outOfOrder(seqs)).toEqual([]);
        expect(gaps(seqs)).toBe(0);
      }
    }
    const listed = (await (await fetch(`${primary.url}/api/topics`)).json()) as { topics: { meta: { topic: string } }[] };
    const hostTopics = listed.topics.map((t) => t.meta.topic).filter((t) => t.startsWith('hosts.'));
    expect(hostTopics).toEqual([hostTopic]);
    const holders = new Map<string, string[]>();
    await eventually(async () => {
      const state = await clusterOnNewConnection((primary as NodeProcess).url);
      if (state) holders.set(state.nodeId, state.leases);
      return holders.size === 2 ? true : undefined;
    }, 10_000, 'both workers\' leases');
    expect([...holders.values()].filter((leases) => leases.includes(hostTopic))).toHaveLength(1);

    // Kill a worker: the primary starts another in its place, and the port keeps answering.
    const victim = [...seen][0] as string;
    const pid = Number(victim.split('-').at(-1));
    process.kill(pid, 'SIGKILL');
    await eventually(async () => {
      const id = await nodeIdOnNewConnection((primary as NodeProcess).url);
      if (id && !seen.has(id)) return true;
      return undefined;
    }, 15_000, 'a new worker in the dead one’s place');
    expect(primary.output()).toMatch(/worker \d died \(SIGKILL\); starting it again/);

    primary.child.kill('SIGTERM');
    const code = await primary.exited;
    expect(code).toBe(0);
    // No worker is left behind.
    await sleep(200);
    for (const id of seen) {
      const workerPid = Number(id.split('-').at(-1));
      expect(() => process.kill(workerPid, 0)).toThrow();
    }
    primary = undefined;
  });

  it('refuses --workers for a config with no cluster section, saying what to add', async () => {
    const config: ConfigInput = { server: { logLevel: 'warn' }, storage: false, feeds: [{ kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 }] };
    await expect(startNode(config, ['--workers', '2'])).rejects.toThrow(/exited \(1\)[\s\S]*"cluster": \{ "redis"/);
    await expect(startNode(config, ['--workers', '0'])).rejects.toThrow(/--workers must be a whole number from 1 to 64/);
  });
});
