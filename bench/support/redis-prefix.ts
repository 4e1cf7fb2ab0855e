import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

/** The Redis a cluster bench's nodes share: the local one, as the cluster tests use. */
export const BENCH_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisPrefix {
  /** A `cluster.keyPrefix` no other run uses, so a bench never reads or deletes another cluster's keys. */
  readonly prefix: string;
  /** Deletes every key under the prefix (after the nodes closed, or they write them again) and disconnects; returns how many. */
  cleanUp(): Promise<number>;
}

/**
 * Reserves a key prefix for one bench run, after checking that Redis answers: a bench that
 * cannot reach it stops at once with what to do, rather than measuring nodes that never joined.
 */
export async function reserveRedisPrefix(url: string = BENCH_REDIS_URL): Promise<RedisPrefix> {
  const prefix = `lwbench-${randomUUID().slice(0, 8)}`;
  // One try: the nodes retry forever, the bench should not.
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`this bench needs Redis at ${url} (start one with \`redis-server --bind 127.0.0.1\`): ${String(err)}`);
  }
  let cleaned: Promise<number> | undefined;
  return {
    prefix,
    cleanUp() {
      cleaned ??= (async () => {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
        await client.quit();
        return keys.length;
      })();
      return cleaned;
    },
  };
}
