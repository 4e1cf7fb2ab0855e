import { z } from 'zod';

/** The part of `/readyz` a cluster bench reads; the rest is not its business. */
const readySchema = z.object({
  status: z.string(),
  cluster: z.object({ nodeId: z.string(), leases: z.array(z.string()), redis: z.object({ up: z.boolean() }) }),
});

export type NodeReadiness = z.output<typeof readySchema>;

/** One cluster node's `/readyz`: whether it serves, whether it reaches Redis, and the shared feeds it holds the lease of. */
export async function readCluster(url: string): Promise<NodeReadiness> {
  const response = await fetch(`${url}/readyz`);
  return readySchema.parse(await response.json());
}

/**
 * Samples a node's own feeds published, per topic, from `/metrics`
 * (`livewall_samples_published_total` counts local samples only, not those replicated to it).
 */
export async function readLocalPublished(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const published = new Map<string, number>();
  for (const match of text.matchAll(/^livewall_samples_published_total\{topic="([^"]+)"\} (\S+)$/gm)) {
    published.set(match[1] as string, Number(match[2]));
  }
  return published;
}

/**
 * For each feed, how many nodes poll it: by lease (from each node's `/readyz`) and in fact (the
 * nodes whose local publications of it grew between two `/metrics` reads). Both must be 1.
 */
export function countPollers(
  feeds: readonly string[],
  nodes: readonly { ready: NodeReadiness; before: Map<string, number>; after: Map<string, number> }[],
): { feed: string; leases: number; publishers: number }[] {
  return feeds.map((feed) => ({
    feed,
    leases: nodes.filter((node) => node.ready.cluster.leases.includes(feed)).length,
    publishers: nodes.filter((node) => (node.after.get(feed) ?? 0) > (node.before.get(feed) ?? 0)).length,
  }));
}

/** Waits until every node serves, reaches Redis, and each feed has a lease holder, or `timeoutMs` passed; returns the last readings. */
export async function waitForLeases(urls: readonly string[], feeds: readonly string[], timeoutMs: number): Promise<NodeReadiness[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const nodes = await Promise.all(urls.map(readCluster));
    const held = new Set(nodes.flatMap((node) => node.cluster.leases));
    const settled = nodes.every((node) => node.status === 'ready' && node.cluster.redis.up) && feeds.every((feed) => held.has(feed));
    if (settled || Date.now() > deadline) return nodes;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
