import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import type { TopicsResponse } from '../../src/protocol';
import { eventually } from '../helpers/server';
import { gaps, outOfOrder, REDIS_URL, redisForTests, startNode, startViewer, testPrefix, type NodeProcess, type Viewer } from './node-process';

/**
 * Three `livewall serve` processes on one config, against the Redis on 127.0.0.1:6379, with a
 * viewer on each: what a wall behind a load balancer sees.
 */
const TOKEN = 'cluster-test-token-0123456';
const LEASE_MS = 1_000;
const SHARED = ['stocks.ACME', 'sensors.room', 'build.queue'];

const configFor = (prefix: string): ConfigInput => ({
  server: { logLevel: 'warn', history: { maxSamples: 600, maxAgeMs: 600_000 } },
  storage: false,
  cluster: { redis: REDIS_URL, keyPrefix: prefix, leaseMs: LEASE_MS },
  feeds: [
    { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
    { kind: 'sensor', topic: 'sensors.room', intervalMs: 200, seed: 2, fields: [{ name: 'temperature', unit: '°C', mean: 21, amplitude: 2, noise: 0.2 }] },
    { kind: 'push', topic: 'build.queue', fields: [{ name: 'depth' }], token: TOKEN },
    { kind: 'system', topic: 'system.load', metric: 'load', intervalMs: 1_000 },
  ],
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function push(url: string, depth: number): Promise<void> {
  const res = await fetch(`${url}/api/topics/build.queue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ values: { depth } }),
  });
  if (res.status !== 202) throw new Error(`push answered ${res.status}: ${await res.text()}`);
}

/** The node whose /readyz says it holds the lease of a shared feed. */
async function ownerOf(nodes: NodeProcess[], feed: string): Promise<NodeProcess | undefined> {
  const held = await Promise.all(nodes.map(async (node) => ((await node.cluster()).leases.includes(feed) ? node : undefined)));
  return held.find((node) => node !== undefined);
}

let available = false;
beforeAll(async () => {
  available = await redisForTests();
});

describe('three nodes sharing one Redis', { timeout: 90_000 }, () => {
  const keys = testPrefix();
  let nodes: NodeProcess[] = [];
  let viewers: Viewer[] = [];
  afterAll(async () => {
    for (const viewer of viewers) viewer.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await keys.cleanUp();
  });

  it('polls each shared feed on one node, shows every node’s host topics everywhere, and gives every viewer each sample once', async (ctx) => {
    if (!available) return ctx.skip();
    // The same config file content for all three: their node ids must differ by themselves.
    nodes = await Promise.all([0, 1, 2].map(() => startNode(configFor(keys.prefix))));
    const ids = await Promise.all(nodes.map(async (node) => (await node.cluster()).nodeId));
    expect(new Set(ids).size).toBe(3);
    // Each shared feed ends up held by exactly one node.
    await eventually(async () => {
      const held = (await Promise.all(nodes.map(async (node) => (await node.cluster()).leases))).flat();
      return SHARED.every((feed) => held.filter((each) => each === feed).length === 1) ? true : undefined;
    }, 15_000, 'one holder per shared feed');

    viewers = await Promise.all(nodes.map((node) => startViewer(node.url, SHARED)));
    // Pushes through every node: the owner takes them, the others forward them to it.
    for (let depth = 0; depth < 30; depth += 1) await push((nodes[depth % 3] as NodeProcess).url, depth);
    // A bad batch gets the owner's 400 through every node, not a 503 from a forward nobody took.
    for (const node of nodes) {
      const res = await fetch(`${node.url}/api/topics/build.queue`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '[]' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('at least 1');
    }
    await sleep(3_000);

    // Exactly once, in order, no gap, on every node.
    for (const viewer of viewers) {
      for (const topic of SHARED) {
        const seqs = viewer.seqs(topic);
        expect(outOfOrder(seqs), `${topic}: repeated or backwards seqs`).toEqual([]);
        expect(gaps(seqs), `${topic}: gaps`).toBe(0);
      }
      const depths = viewer.samples.filter((sample) => sample.topic === 'build.queue').map((sample) => sample.values.depth);
      expect(depths).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(viewer.seqs('stocks.ACME').length).toBeGreaterThan(20);
    }
    // Viewers on different nodes saw the same samples under the same seqs.
    const acmeOn = viewers.map((viewer) => new Map(viewer.samples.filter((s) => s.topic === 'stocks.ACME').map((s) => [s.seq, s.values.price])));
    for (const [seq, price] of acmeOn[0] ?? []) for (const other of acmeOn.slice(1)) if (other.has(seq)) expect(other.get(seq)).toBe(price);

    // Counted from /metrics: one node polls each simulated feed, every node polls its own host.
    const polls = async (topic: string): Promise<number[]> => Promise.all(nodes.map(async (node) => (await node.metric(`livewall_feed_poll_seconds_count{topic="${topic}"}`)) ?? 0));
    for (const topic of ['stocks.ACME', 'sensors.room']) expect((await polls(topic)).filter((count) => count > 0)).toHaveLength(1);
    for (const id of ids) expect((await polls(`hosts.${id}.load`)).filter((count) => count > 0)).toHaveLength(1);

    // Every node lists every node's host topic, with its samples.
    for (const node of nodes) {
      const listed = (await (await fetch(`${node.url}/api/topics`)).json()) as TopicsResponse;
      const names = listed.topics.map((topic) => topic.meta.topic);
      for (const id of ids) expect(names).toContain(`hosts.${id}.load`);
      expect(names).not.toContain('system.load');
    }
    const other = ids[2] as string;
    await eventually(async () => {
      const history = (await (await fetch(`${nodes[0]?.url}/api/topics/hosts.${other}.load/history`)).json()) as { samples: unknown[] };
      return history.samples.length > 0 ? true : undefined;
    }, 5_000, "another node's host samples");
    for (const node of nodes) expect(node.child.exitCode).toBeNull();
  });

  it('hands a feed to another node within two lease periods when its owner is killed, numbering on with no repeat', async (ctx) => {
    if (!available || nodes.length < 3) return ctx.skip();
    const owner = await ownerOf(nodes, 'stocks.ACME');
    if (!owner) throw new Error('no node holds stocks.ACME');
    const survivors = nodes.filter((node) => node !== owner);
    const watching = viewers.filter((_, i) => nodes[i] !== owner);
    const lastBefore = Math.max(...watching.map((viewer) => viewer.seqs('stocks.ACME').at(-1) ?? 0));
    const countBefore = watching.map((viewer) => viewer.seqs('stocks.ACME').length);

    owner.child.kill('SIGKILL');
    const killedAt = Date.now();
    await owner.exited;
    // A survivor takes the lease within two lease periods (the dead node's last batch may still
    // reach the viewers meanwhile, so the lease, not the first sample after the kill, says when).
    await eventually(async () => ownerOf(survivors, 'stocks.ACME'), 10_000, 'a survivor to take the lease of stocks.ACME');
    const takenAfter = Date.now() - killedAt;
    expect(takenAfter).toBeLessThan(2 * LEASE_MS + 500);
    // The new owner's samples reach the viewers on every survivor.
    const newestAtTakeover = Math.max(...watching.map((viewer) => viewer.seqs('stocks.ACME').at(-1) ?? 0));
    await eventually(
      () => (watching.every((viewer) => (viewer.seqs('stocks.ACME').at(-1) ?? 0) > newestAtTakeover + 2) ? true : undefined),
      5_000,
      "the new owner's samples on every survivor",
    );
    expect(watching.every((viewer, i) => viewer.seqs('stocks.ACME').length > (countBefore[i] as number))).toBe(true);
    await sleep(1_000);
    for (const viewer of watching) {
      const seqs = viewer.seqs('stocks.ACME');
      expect(outOfOrder(seqs)).toEqual([]);
      const after = seqs.filter((seq) => seq > lastBefore);
      expect(after.length).toBeGreaterThan(5);
      // The gap is at most the failover window's ticks: the seqs go on from where they were.
      expect((after[0] as number) - lastBefore).toBeLessThanOrEqual((2 * LEASE_MS) / 100 + 6);
      expect(gaps(after)).toBe(0);
    }
    nodes = survivors;
    viewers = watching;
  });
});
