import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  EVENTS,
  type ClientToServerEvents,
  type HelloEvent,
  type Sample,
  type ServerToClientEvents,
  type SubscribedTopic,
  type SubscribeOk,
  type SubscribeRequest,
  type TopicMeta,
  type TopicStatus,
} from '../../../src/protocol';
import { Emitter } from './emitter';

/** Where the connection stands, for a badge. */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  /** Lost; trying again with backoff. `attempt` counts from 1. */
  | { status: 'reconnecting'; attempt: number }
  /** Not trying: the browser is offline, attempts ran out, or `close()` was called. */
  | { status: 'offline'; reason: string };

/** Samples from a subscribe ack: the backfill that fills a chart at once. */
export interface HistoryEvent {
  topic: string;
  meta: TopicMeta;
  status: TopicStatus;
  /**
   * `append`: these continue what you hold (a reconnect filled the gap).
   * `replace`: drop what you hold for this topic first (first subscribe, or the server restarted).
   */
  mode: 'append' | 'replace';
  samples: Sample[];
}

export interface LivewallClientEvents {
  [event: string]: (...args: never[]) => void;
  state: (state: ConnectionState) => void;
  /** Sent by the server on each connection; `build` changes on a deploy. */
  hello: (hello: HelloEvent) => void;
  history: (event: HistoryEvent) => void;
  /** Live samples of one topic, in `seq` order, never one you already had. */
  samples: (topic: string, samples: Sample[]) => void;
  status: (topic: string, status: TopicStatus) => void;
  /** Topics the server does not know; they stay in the wanted set in case a reload adds them. */
  unknown: (topics: string[]) => void;
  /** A subscribe the server refused or did not answer. */
  error: (error: Error) => void;
}

export interface LivewallClientOptions {
  /** The server; the page's own origin by default. */
  url?: string;
  /** Topics to subscribe to as soon as the connection opens. */
  topics?: string[];
  /** First reconnect delay, doubling up to `reconnectDelayMaxMs`. Default 1000. */
  reconnectDelayMs?: number;
  /** Default 10000: a wall comes back within ten seconds of its server. */
  reconnectDelayMaxMs?: number;
  /** Give up (state `offline`) after this many attempts. Default: never give up. */
  maxReconnectAttempts?: number;
  /** How long to wait for a subscribe ack. Default 10000. */
  ackTimeoutMs?: number;
  /** Passed to socket.io-client, for proxies and auth. */
  socket?: SocketPassThrough;
}

/**
 * The socket.io-client options worth setting here. Declared here rather than
 * imported, so `livewall/client`'s types do not need socket.io-client installed.
 */
export interface SocketPassThrough {
  path?: string;
  transports?: ('polling' | 'websocket' | 'webtransport')[];
  auth?: Record<string, unknown>;
  query?: Record<string, string>;
  withCredentials?: boolean;
  extraHeaders?: Record<string, string>;
}

export interface LivewallClient {
  readonly state: ConnectionState;
  /** The topics this client wants, subscribed now or on the next connection. */
  readonly topics: ReadonlySet<string>;
  /** The newest `seq` held per topic, which a reconnect sends as `since`. */
  lastSeq(topic: string): number | undefined;
  on<E extends keyof LivewallClientEvents>(event: E, listener: LivewallClientEvents[E]): () => void;
  /** Adds topics; resolves with the ack once the server has sent their history. */
  subscribe(topics: string[]): Promise<SubscribeOk>;
  /** Removes topics and forgets their position. */
  unsubscribe(topics: string[]): Promise<void>;
  /** Disconnects for good and removes every listener. Safe to call twice. */
  close(): void;
}

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Connects to a Livewall server and keeps a set of topic subscriptions alive:
 * it backfills from each subscribe ack, reconnects with backoff, and on every
 * reconnect resubscribes with `since` and `epoch` so the gap is filled exactly
 * once (or, after a server restart, replaced). Live samples it already holds are dropped.
 * @example
 * const client = createLivewallClient({ topics: ['stocks.ACME'] });
 * client.on('history', ({ topic, mode, samples }) => (mode === 'replace' ? reset(topic, samples) : append(topic, samples)));
 * client.on('samples', (topic, samples) => append(topic, samples));
 * // later
 * client.close();
 */
export function createLivewallClient(options: LivewallClientOptions = {}): LivewallClient {
  const emitter = new Emitter<LivewallClientEvents>();
  const wanted = new Set<string>(options.topics ?? []);
  const seqs = new Map<string, number>();
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  let epoch: string | undefined;
  let state: ConnectionState = { status: 'connecting' };
  let closed = false;
  // Bumped on each connection, so an ack from an older one is ignored.
  let generation = 0;
  let waiting: { resolve: (ack: SubscribeOk) => void; reject: (err: Error) => void }[] = [];

  const socketOptions: Partial<ManagerOptions & SocketOptions> = {
    reconnectionDelay: options.reconnectDelayMs ?? 1_000,
    reconnectionDelayMax: options.reconnectDelayMaxMs ?? 10_000,
    reconnectionAttempts: options.maxReconnectAttempts ?? Infinity,
    ...options.socket,
  };
  const socket: WallSocket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);

  const setState = (next: ConnectionState): void => {
    if (closed && next.status !== 'offline') return;
    state = next;
    emitter.emit('state', next);
  };

  const applyAck = (entry: SubscribedTopic): void => {
    if (!wanted.has(entry.topic)) return;
    const last = seqs.get(entry.topic);
    const mode = entry.recovered && last !== undefined ? 'append' : 'replace';
    const samples = mode === 'append' ? entry.history.filter((sample) => sample.seq > (last as number)) : entry.history;
    const newest = samples.at(-1);
    if (newest) seqs.set(entry.topic, newest.seq);
    else if (mode === 'replace') seqs.delete(entry.topic);
    emitter.emit('history', { topic: entry.topic, meta: entry.meta, status: entry.status, mode, samples });
    emitter.emit('status', entry.topic, entry.status);
  };

  const sendSubscribe = (topics: string[]): Promise<SubscribeOk> => {
    const since: Record<string, number> = {};
    for (const topic of topics) {
      const seq = seqs.get(topic);
      if (seq !== undefined) since[topic] = seq;
    }
    const request: SubscribeRequest = { topics };
    if (Object.keys(since).length > 0 && epoch !== undefined) {
      request.since = since;
      request.epoch = epoch;
    }
    const sentIn = generation;
    return new Promise((resolve, reject) => {
      socket.timeout(ackTimeoutMs).emit(EVENTS.subscribe, request, (err, ack) => {
        if (sentIn !== generation || closed) return reject(new Error('connection changed before the subscribe ack'));
        if (err) return reject(new Error(`subscribe not acknowledged within ${ackTimeoutMs} ms`));
        if (!ack.ok) return reject(new Error(`${ack.code}: ${ack.message}`));
        if (epoch !== ack.epoch) {
          // Another server run: every seq we hold belongs to the old one.
          epoch = ack.epoch;
        }
        for (const entry of ack.topics) applyAck(entry);
        if (ack.unknown.length > 0) emitter.emit('unknown', ack.unknown);
        resolve(ack);
      });
    });
  };

  const subscribeAll = (): void => {
    const pending = waiting;
    waiting = [];
    if (wanted.size === 0) return;
    sendSubscribe([...wanted]).then(
      (ack) => pending.forEach((w) => w.resolve(ack)),
      (err: Error) => {
        emitter.emit('error', err);
        pending.forEach((w) => w.reject(err));
        // A refused or lost subscribe on a live connection is retried on a fresh one.
        if (socket.connected && !closed) socket.disconnect().connect();
      },
    );
  };

  socket.on('connect', () => {
    generation += 1;
    setState({ status: 'connected' });
    subscribeAll();
  });
  socket.on('disconnect', (reason) => {
    generation += 1;
    if (closed) return;
    setState({ status: 'reconnecting', attempt: 1 });
    // The server closing its sockets ("io server disconnect") is not retried by socket.io itself;
    // for a wall it means a restart or deploy, so keep trying.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.io.on('reconnect_attempt', (attempt) => setState({ status: 'reconnecting', attempt: Math.max(1, attempt) }));
  socket.io.on('reconnect_failed', () => setState({ status: 'offline', reason: 'gave up reconnecting' }));
  socket.on(EVENTS.hello, (hello) => emitter.emit('hello', hello));
  socket.on(EVENTS.topicStatus, ({ topic, status }) => {
    if (wanted.has(topic)) emitter.emit('status', topic, status);
  });
  socket.on(EVENTS.dashboardUpdate, (batch) => {
    // Group by topic, keeping only samples newer than what we hold.
    const byTopic = new Map<string, Sample[]>();
    for (const sample of batch) {
      if (!wanted.has(sample.topic)) continue;
      const last = seqs.get(sample.topic);
      if (last !== undefined && sample.seq <= last) continue;
      seqs.set(sample.topic, sample.seq);
      let list = byTopic.get(sample.topic);
      if (!list) byTopic.set(sample.topic, (list = []));
      list.push(sample);
    }
    for (const [topic, samples] of byTopic) emitter.emit('samples', topic, samples);
  });

  const onOffline = (): void => setState({ status: 'offline', reason: 'the browser is offline' });
  const onOnline = (): void => {
    if (!socket.connected) setState({ status: 'reconnecting', attempt: 1 });
  };
  const hasWindow = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
  if (hasWindow) {
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
  }

  return {
    get state() {
      return state;
    },
    get topics() {
      return wanted;
    },
    lastSeq: (topic) => seqs.get(topic),
    on: (event, listener) => emitter.on(event, listener),
    subscribe(topics) {
      const fresh = topics.filter((topic) => !wanted.has(topic));
      fresh.forEach((topic) => wanted.add(topic));
      if (closed) return Promise.reject(new Error('the client is closed'));
      if (socket.connected) return sendSubscribe(fresh.length > 0 ? fresh : topics);
      // Sent by the connect handler with everything else wanted.
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    async unsubscribe(topics) {
      for (const topic of topics) {
        wanted.delete(topic);
        seqs.delete(topic);
      }
      if (!socket.connected || closed || topics.length === 0) return;
      const ack = await socket.timeout(ackTimeoutMs).emitWithAck(EVENTS.unsubscribe, { topics });
      if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`);
    },
    close() {
      if (closed) return;
      closed = true;
      if (hasWindow) {
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('online', onOnline);
      }
      socket.disconnect();
      waiting.forEach((w) => w.reject(new Error('the client is closed')));
      waiting = [];
      setState({ status: 'offline', reason: 'closed' });
      emitter.clear();
    },
  };
}
