import type { Logger } from 'pino';
import type { RedisConnection } from './redis-connection';

/** Takes the lease when free, renews it when this node holds it: 1 when it is this node's now, 0 when another's. */
const CLAIM = `local holder = redis.call('GET', KEYS[1])
if holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
/** Lets go of the lease if this node holds it. */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
/** Tries per lease period: a free lease is taken within a third of one. */
const TRIES_PER_LEASE = 3;
/** How long letting go waits for a round in flight. */
const RELEASE_WAIT_MS = 300;

export interface LeaseOptions {
  redis: RedisConnection;
  /** The Redis key of a lease's name. */
  keyOf: (name: string) => string;
  nodeId: string;
  leaseMs: number;
  /** The leases this node wants: one per shared feed. */
  wanted: () => Iterable<string>;
  /**
   * Readies the node for leases just won, before they count as held (it numbers on from the
   * cluster's newest seqs).
   */
  prepare: (won: readonly string[]) => Promise<void>;
  /** Called after leases were won or lost: start and stop feeds to match `holds`. */
  changed: () => void;
  log: Logger;
}

export interface Leases {
  /** Whether this node holds the lease now, so it runs the feed. */
  holds(name: string): boolean;
  readonly held: ReadonlySet<string>;
  /** Tries at once (a config reload added feeds) instead of at the next round. */
  poke(): void;
  /** Stops renewing and lets go of every lease held, so another node takes over at once. */
  release(): Promise<void>;
}

/**
 * One lease per shared feed, in Redis: a script takes a free one or renews it for its holder, and
 * a third of a lease period later each node tries again. A node that dies stops
 * renewing, and another takes its leases within a lease period and a third.
 *
 * While Redis is unreachable a node keeps what it holds and polls on: no node can take a lease
 * then, so none is polled twice, and the node's own viewers keep their data. When Redis comes
 * back, the first renewal tells it whether it still holds each lease (Redis may have restarted
 * empty and another node taken it), and it stops what it lost.
 */
export function startLeases(options: LeaseOptions): Leases {
  const { redis, keyOf, nodeId, leaseMs, log } = options;
  const held = new Set<string>();
  let round: Promise<void> = Promise.resolve();
  let stopped = false;

  const tryRound = async (): Promise<void> => {
    if (stopped || !redis.ready) return;
    const wanted = new Set(options.wanted());
    const won: string[] = [];
    const lost: string[] = [];
    await Promise.all(
      [...new Set([...wanted, ...held])].map(async (name) => {
        const key = keyOf(name);
        try {
          if (!wanted.has(name)) {
            await redis.client.eval(RELEASE, { keys: [key], arguments: [nodeId] });
            held.delete(name);
            lost.push(name);
          } else {
            const mine = (await redis.client.eval(CLAIM, { keys: [key], arguments: [nodeId, String(leaseMs)] })) === 1;
            if (mine && !held.has(name)) won.push(name);
            if (!mine && held.has(name)) {
              held.delete(name);
              lost.push(name);
            }
          }
        } catch (err) {
          // Redis went away mid-round: keep what is held, try again next round.
          log.debug({ err, lease: name }, 'lease round failed');
        }
      }),
    );
    if (won.length === 0 && lost.length === 0) return;
    if (lost.length > 0) log.warn({ leases: lost }, 'feeds now run on another node');
    if (won.length > 0) {
      await options.prepare(won);
      if (stopped) return;
      for (const name of won) held.add(name);
      log.info({ leases: won }, 'feeds now run on this node');
    }
    options.changed();
  };

  const next = (): void => {
    round = round.then(tryRound).catch((err: unknown) => log.error({ err }, 'lease round failed'));
  };
  const timer = setInterval(next, Math.max(50, Math.floor(leaseMs / TRIES_PER_LEASE)));
  const offReady = redis.onReady(next);
  next();

  return {
    holds: (name) => held.has(name),
    held,
    poke: next,
    async release() {
      stopped = true;
      clearInterval(timer);
      offReady();
      // A round waiting on a Redis that went away would hold the shutdown up: give it a moment only.
      await Promise.race([round, new Promise((resolve) => setTimeout(resolve, RELEASE_WAIT_MS).unref())]);
      if (!redis.ready) return;
      await Promise.allSettled([...held].map((name) => redis.client.eval(RELEASE, { keys: [keyOf(name)], arguments: [nodeId] })));
      held.clear();
    },
  };
}
