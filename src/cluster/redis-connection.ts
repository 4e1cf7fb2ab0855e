import type { Logger } from 'pino';
import { createClient } from 'redis';

/**
 * Commands a connection holds while Redis is unreachable; past it they fail at once. Livewall's
 * own writes are skipped while Redis is down, so this bounds what a library (the adapter's
 * heartbeat) queues during a long outage.
 */
const MAX_QUEUED_COMMANDS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** Reconnect delays: quick at first, then every 2 s for as long as it takes. */
const RECONNECT_MAX_MS = 2_000;

function createRedisClient(url: string) {
  return createClient({
    url,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, RECONNECT_MAX_MS) },
  });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/** Whether Redis answers, since when, and why not. */
export interface RedisHealth {
  up: boolean;
  /** Epoch ms of the last change. */
  since: number;
  error?: string;
}

export interface RedisConnection {
  /** For commands; the Socket.IO adapter duplicates it for its blocking reads and subscriptions. */
  readonly client: RedisClient;
  readonly health: RedisHealth;
  readonly ready: boolean;
  /** Called each time the connection is (again) ready. Returns a remover. */
  onReady(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * A Redis connection that retries forever (Redis restarts; the node goes on serving meanwhile),
 * queues a bounded number of commands while down, and logs each outage once, not per retry.
 * Connecting does not wait: `onReady` says when it is.
 */
export function connectRedis(url: string, log: Logger, now: () => number = Date.now): RedisConnection {
  const client = createRedisClient(url);
  let health: RedisHealth = { up: false, since: now(), error: 'connecting' };
  const listeners = new Set<() => void>();
  const shown = redactUrl(url);

  client.on('ready', () => {
    if (health.error !== 'connecting') log.info({ redis: shown, downMs: now() - health.since }, 'Redis is back');
    health = { up: true, since: now() };
    for (const listener of listeners) listener();
  });
  client.on('error', (err: Error) => {
    // Every retry reports again: say it once per outage.
    if (health.up || health.error === 'connecting') log.error({ redis: shown, err: err.message }, 'Redis is unreachable; serving what this node has, and retrying');
    if (health.up || health.error !== err.message) health = { up: false, since: health.up ? now() : health.since, error: err.message || 'connection lost' };
  });
  client.connect().catch((err: unknown) => log.error({ redis: shown, err }, 'Redis connection gave up'));

  return {
    client,
    get health() {
      return health;
    },
    get ready() {
      return client.isReady;
    },
    onReady(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      if (!client.isOpen) return;
      // Not quit(): with Redis down it would wait for a reply that never comes.
      client.destroy();
    },
  };
}

/** A Redis URL fit for logs: without its password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
