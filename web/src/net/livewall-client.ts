import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  ERROR_CODES,
  EVENTS,
  type ClientToServerEvents,
  type ConfigState,
  type HelloEvent,
  type HistoryRange,
  MAX_PATTERNS_PER_REQUEST,
  MAX_TOPIC_LENGTH,
  MAX_TOPICS_PER_REQUEST,
  type Sample,
  type ServerToClientEvents,
  type SubscribedTopic,
  type SubscribeOk,
  type SubscribeRequest,
  TOPIC_PATTERN,
  type TopicMeta,
  type TopicStatus,
  topicGlobProblem,
  topicMatcher,
} from '../../../src/protocol/index.js';
import { Emitter } from './emitter.js';
import { createServerClock } from './server-clock.js';
import { page } from './page-globals.js';

/** Where the connection stands, for a badge. */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  /** Lost; trying again with backoff. `attempt` counts from 1. */
  | { status: 'reconnecting'; attempt: number }
  /** Not connected and the browser says it is offline; attempts ran out; or `close()` was called. */
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
  /** With a subscribe `window` longer than `samples` cover, in `replace` mode: the part before them, raw or rolled up. */
  older?: HistoryRange;
}

export interface LivewallClientEvents {
  [event: string]: (...args: never[]) => void;
  state: (state: ConnectionState) => void;
  /** Sent by the server on each connection; `build` changes on a deploy. */
  hello: (hello: HelloEvent) => void;
  /**
   * Which config the server runs and whether its file is good: on each connection (from
   * `hello`), and whenever the server reloads its config or refuses an edit of it.
   */
  config: (config: ConfigState) => void;
  history: (event: HistoryEvent) => void;
  /** Live samples of one topic, in `seq` order, never one you already had. */
  samples: (topic: string, samples: Sample[]) => void;
  status: (topic: string, status: TopicStatus) => void;
  /** Topics the server does not know; they stay in the wanted set in case a reload adds them. */
  unknown: (topics: string[]) => void;
  /** A subscribe the server refused (its topics are dropped) or did not answer (retried with backoff). */
  error: (error: Error) => void;
  /** The server is about to close the connection (it is shutting down); the client reconnects by itself. */
  goingAway: (reason: string) => void;
}

export interface LivewallClientOptions {
  /** The server, e.g. `http://wall.example:3000`. Defaults to the page's own origin; required in Node. */
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
  /** A viewer token, for a server with `server.viewerTokens`: sent in the handshake's `auth`. */
  token?: string;
  /** Passed to socket.io-client, for proxies and auth. */
  socket?: SocketPassThrough;
}

/**
 * The socket.io-client options worth setting here. Declared here rather than
 * imported, so `@livewall/client`'s types do not need socket.io-client installed.
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
  /** The topics this client wants, subscribed now or on the next connection (those its globs joined included). */
  readonly topics: ReadonlySet<string>;
  /** The topic globs this client holds (`SubscribeOptions.patterns`). */
  readonly patterns: ReadonlySet<string>;
  /** The newest `seq` held per topic, which a reconnect sends as `since`. */
  lastSeq(topic: string): number | undefined;
  /**
   * Now on the server's clock, estimated from the timestamps it sends. Trim and
   * draw charts by this, not `Date.now()`: a wall's own clock is often off.
   */
  serverNow(): number;
  on<E extends keyof LivewallClientEvents>(event: E, listener: LivewallClientEvents[E]): () => void;
  /**
   * Adds topics; resolves with the ack once the server has sent their history.
   * Rejects at once, adding nothing, when a topic name is malformed; topics the
   * server refuses are dropped again, so a reconnect never resends them.
   */
  subscribe(topics: string[], options?: SubscribeOptions): Promise<SubscribeOk>;
  /** Removes topics and forgets their position; `patterns` drops globs (and the topics only they joined). */
  unsubscribe(topics: string[], options?: { patterns?: string[] }): Promise<void>;
  /** Disconnects for good and removes every listener. Safe to call twice. */
  close(): void;
}

export interface SubscribeOptions {
  /**
   * How far back these topics' charts reach (`"24h"`, `"7d"`): when it is longer than the
   * server's in-memory history, each history event (in `replace` mode) carries `older`, the
   * part before `samples`, from the server's history store. Kept for every resubscribe.
   */
  window?: string;
  /**
   * Topic globs (`"build.*"`): every topic that matches now, and each that appears later,
   * arrives as a `history` event (in `replace` mode) like a subscribed topic. Kept for every resubscribe.
   */
  patterns?: string[];
}

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One subscribe request on the wire, with what it asked for. */
interface SentRequest {
  topics: string[];
  patterns: string[];
  ack: Promise<SubscribeOk>;
}

/**
 * Why a subscribe failed. `refused`: the server said no (its topics are dropped,
 * so no reconnect sends them again). `timeout`: no ack came (retried with backoff).
 * `superseded`: the connection changed first (the next one resubscribes).
 * `closed`: `close()` was called.
 */
export class SubscribeError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'timeout' | 'superseded' | 'closed',
  ) {
    super(message);
    this.name = 'SubscribeError';
  }
}

/** Topic names the server would refuse, checked here so one typo cannot refuse a whole request. */
function malformedTopics(topics: readonly string[]): string[] {
  return topics.filter((topic) => typeof topic !== 'string' || topic.length === 0 || topic.length > MAX_TOPIC_LENGTH || !TOPIC_PATTERN.test(topic));
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Connects to a Livewall server and keeps a set of topic subscriptions alive:
 * it backfills from each subscribe ack, reconnects with backoff, and on every
 * reconnect resubscribes with `since` and `epoch` so the gap is filled exactly
 * once (or, after a server restart, replaced). Live samples it already holds are dropped.
 * @throws TypeError when `options.topics` holds a malformed topic name, or when
 * `options.url` is missing outside a browser page (in Node)
 * @example
 * const client = createLivewallClient({ topics: ['stocks.ACME'] });
 * client.on('history', ({ topic, mode, samples }) => (mode === 'replace' ? reset(topic, samples) : append(topic, samples)));
 * client.on('samples', (topic, samples) => append(topic, samples));
 * // later
 * client.close();
 */
export function createLivewallClient(options: LivewallClientOptions = {}): LivewallClient {
  const initial = options.topics ?? [];
  const malformed = malformedTopics(initial);
  if (malformed.length > 0) throw new TypeError(`malformed topic names: ${malformed.map((t) => JSON.stringify(t)).join(', ')}`);
  // socket.io-client falls back to the page's location; without one it would dial "undefined//undefined" forever.
  if (options.url === undefined && page.location === undefined) throw new TypeError('options.url is required outside a browser page');

  const emitter = new Emitter<LivewallClientEvents>();
  const wanted = new Set<string>(initial);
  const globs = new Set<string>();
  const seqs = new Map<string, number>();
  /** The `window` each topic was subscribed with, sent again on every resubscribe. */
  const windows = new Map<string, string>();
  // Topics being asked for again after a gap in their live samples.
  const resyncing = new Set<string>();
  const clock = createServerClock();
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const retryFirstMs = options.reconnectDelayMs ?? 1_000;
  const retryMaxMs = options.reconnectDelayMaxMs ?? 10_000;
  let retryMs = retryFirstMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let epoch: string | undefined;
  let state: ConnectionState = { status: 'connecting' };
  let closed = false;
  // Bumped on each connection, so an ack from an older one is ignored.
  let generation = 0;
  /** Subscribes made before the connection opened, with what each asked for, answered once it opens. */
  let waiting: { topics: readonly string[]; patterns: readonly string[]; resolve: (ack: SubscribeOk) => void; reject: (err: Error) => void }[] = [];

  const socketOptions: Partial<ManagerOptions & SocketOptions> = {
    reconnectionDelay: retryFirstMs,
    reconnectionDelayMax: retryMaxMs,
    reconnectionAttempts: options.maxReconnectAttempts ?? Infinity,
    // WebSocket first: one connection, so it works behind load balancers and `serve --workers`
    // without sticky sessions; long-polling when a proxy refuses WebSocket (that needs sticky sessions).
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    ...options.socket,
    ...(options.token === undefined ? {} : { auth: { ...options.socket?.auth, token: options.token } }),
  };
  const socket: WallSocket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
  const browserOffline = (): boolean => page.navigator?.onLine === false;

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
    const older = mode === 'replace' ? entry.older : undefined;
    emitter.emit('history', { topic: entry.topic, meta: entry.meta, status: entry.status, mode, samples, ...(older ? { older } : {}) });
    emitter.emit('status', entry.topic, entry.status);
  };

  /** One request of at most MAX_TOPICS_PER_REQUEST topics. */
  const sendChunk = (topics: string[], window: string | undefined, patterns: string[] = []): Promise<SubscribeOk> => {
    // fromEntries defines own properties, so a topic named "__proto__" is sent like any other.
    const since: Record<string, number> = Object.fromEntries(topics.flatMap((topic) => {
      const seq = seqs.get(topic);
      return seq === undefined ? [] : [[topic, seq] as const];
    }));
    const request: SubscribeRequest = { topics, ...(window === undefined ? {} : { window }), ...(patterns.length > 0 ? { patterns } : {}) };
    if (Object.keys(since).length > 0 && epoch !== undefined) {
      request.since = since;
      request.epoch = epoch;
    }
    const sentIn = generation;
    return new Promise((resolve, reject) => {
      socket.timeout(ackTimeoutMs).emit(EVENTS.subscribe, request, (err, ack) => {
        if (closed) return reject(new SubscribeError('the client is closed', 'closed'));
        if (sentIn !== generation) return reject(new SubscribeError('the connection changed before the subscribe ack', 'superseded'));
        if (err) return reject(new SubscribeError(`subscribe not acknowledged within ${ackTimeoutMs} ms`, 'timeout'));
        if (!ack.ok) {
          // Sending them again would be refused again, on every reconnect: drop them.
          for (const topic of topics) {
            wanted.delete(topic);
            seqs.delete(topic);
          }
          for (const glob of patterns) globs.delete(glob);
          return reject(new SubscribeError(`${ack.code}: ${ack.message}`, 'refused'));
        }
        // Another server run means every seq we hold belongs to the old one; applyAck replaces.
        epoch = ack.epoch;
        // Topics a glob matched are wanted from now on, so a reconnect asks for them with `since`.
        const matched = topicMatcher(patterns);
        for (const entry of ack.topics) if (matched(entry.topic)) wanted.add(entry.topic);
        for (const entry of ack.topics) applyAck(entry);
        if (ack.unknown.length > 0) emitter.emit('unknown', ack.unknown);
        resolve(ack);
      });
    });
  };

  /** Sends the requests for `topics` and `patterns`: each settles on its own, and says what it asked for. */
  const sendRequests = (topics: string[], patterns: string[] = []): SentRequest[] => {
    // One request per window: the server takes one window per request.
    const byWindow = new Map<string | undefined, string[]>();
    for (const topic of topics) {
      const window = windows.get(topic);
      const group = byWindow.get(window) ?? [];
      group.push(topic);
      byWindow.set(window, group);
    }
    const requests = [...byWindow].flatMap(([window, group]) => chunksOf(group, MAX_TOPICS_PER_REQUEST).map((chunk): SentRequest => ({ topics: chunk, patterns: [], ack: sendChunk(chunk, window) })));
    // Globs go on their own, with no window: the server bounds them per request.
    for (const chunk of chunksOf(patterns, MAX_PATTERNS_PER_REQUEST)) requests.push({ topics: [], patterns: chunk, ack: sendChunk([], undefined, chunk) });
    return requests;
  };

  const mergeAcks = (acks: readonly SubscribeOk[]): SubscribeOk => ({
    ok: true,
    epoch: epoch ?? '',
    topics: acks.flatMap((ack) => ack.topics),
    unknown: acks.flatMap((ack) => ack.unknown),
  });

  const sendSubscribe = async (topics: string[], patterns: string[] = []): Promise<SubscribeOk> =>
    mergeAcks(await Promise.all(sendRequests(topics, patterns).map((request) => request.ack)));

  const onSubscribeFailed = (err: unknown): void => {
    emitter.emit('error', err instanceof Error ? err : new Error(String(err)));
    if (!(err instanceof SubscribeError) || err.kind !== 'timeout' || closed || retryTimer !== undefined) return;
    // No ack on a live connection: ask again later, backing off, rather than hammering the server.
    const sentIn = generation;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (socket.connected && sentIn === generation) subscribeAll();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, retryMaxMs);
  };

  const subscribeAll = (): void => {
    const pending = waiting;
    waiting = [];
    if (wanted.size === 0 && globs.size === 0) {
      // Everything they waited for was unsubscribed before the connection opened.
      pending.forEach((w) => w.resolve({ ok: true, epoch: epoch ?? '', topics: [], unknown: [] }));
      return;
    }
    const requests = sendRequests([...wanted], [...globs]);
    void Promise.allSettled(requests.map((request) => request.ack)).then((results) => {
      const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      if (failures.length === 0) retryMs = retryFirstMs;
      const acks = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      // Each subscribe hears of the requests that carried what it asked for: a refused glob is not a refused topic.
      for (const w of pending) {
        const failed = requests.findIndex((request, i) =>
          results[i]?.status === 'rejected' && (request.topics.some((topic) => w.topics.includes(topic)) || request.patterns.some((glob) => w.patterns.includes(glob))));
        const reason: unknown = failed === -1 ? undefined : (results[failed] as PromiseRejectedResult).reason;
        if (failed === -1) w.resolve(mergeAcks(acks));
        else w.reject(reason instanceof Error ? reason : new Error(String(reason)));
      }
      failures.forEach(onSubscribeFailed);
    });
  };

  socket.on('connect', () => {
    generation += 1;
    resyncing.clear();
    setState({ status: 'connected' });
    subscribeAll();
  });
  socket.on('disconnect', (reason) => {
    generation += 1;
    if (closed) return;
    setState(browserOffline() ? { status: 'offline', reason: 'the browser is offline' } : { status: 'reconnecting', attempt: 1 });
    // A server that disconnects us on purpose is not retried by socket.io itself; for a
    // wall that still means keep trying (older servers did this on shutdown).
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.io.on('reconnect_attempt', (attempt) =>
    setState(browserOffline() ? { status: 'offline', reason: 'the browser is offline' } : { status: 'reconnecting', attempt: Math.max(1, attempt) }),
  );
  socket.io.on('reconnect_failed', () => setState({ status: 'offline', reason: 'gave up reconnecting' }));
  // A server that refuses the viewer (no or a wrong token) refuses it again on every try: say so, and stop.
  socket.on('connect_error', (err) => {
    if (!err.message.startsWith(ERROR_CODES.UNAUTHORIZED)) return;
    socket.disconnect();
    setState({ status: 'offline', reason: err.message });
  });
  socket.on(EVENTS.goingAway, ({ reason }) => emitter.emit('goingAway', reason));
  socket.on(EVENTS.hello, (hello) => {
    clock.observe(hello.now);
    emitter.emit('hello', hello);
    emitter.emit('config', hello.config);
  });
  socket.on(EVENTS.configChanged, (config) => emitter.emit('config', config));
  // A topic that appeared and matches a glob: the server joined us to it already.
  socket.on(EVENTS.topicJoined, (entry) => {
    if (!globs.has(entry.pattern)) return;
    wanted.add(entry.topic);
    applyAck(entry);
  });
  socket.on(EVENTS.topicStatus, ({ topic, status }) => {
    if (wanted.has(topic)) emitter.emit('status', topic, status);
  });
  /**
   * Asks again for a topic whose live samples skipped a `seq` (the server passed this socket
   * over while its buffers were full): the ack brings exactly what was missed, and live samples
   * of the topic are set aside until it comes, since the ack holds them too.
   */
  const resync = (topic: string): void => {
    if (resyncing.has(topic)) return;
    resyncing.add(topic);
    const sentIn = generation;
    sendSubscribe([topic])
      .catch(onSubscribeFailed)
      .finally(() => {
        // A new connection resubscribes everything anyway, and clears the set itself.
        if (sentIn === generation) resyncing.delete(topic);
      });
  };

  socket.on(EVENTS.dashboardUpdate, (batch) => {
    // Group by topic, keeping only samples newer than what we hold.
    const byTopic = new Map<string, Sample[]>();
    let newestTs = -Infinity;
    for (const sample of batch) {
      newestTs = Math.max(newestTs, sample.ts);
      if (!wanted.has(sample.topic) || resyncing.has(sample.topic)) continue;
      const last = seqs.get(sample.topic);
      if (last !== undefined && sample.seq <= last) continue;
      if (last !== undefined && sample.seq > last + 1) {
        resync(sample.topic);
        continue;
      }
      seqs.set(sample.topic, sample.seq);
      let list = byTopic.get(sample.topic);
      if (!list) byTopic.set(sample.topic, (list = []));
      list.push(sample);
    }
    clock.observe(newestTs);
    for (const [topic, samples] of byTopic) emitter.emit('samples', topic, samples);
  });

  // The browser's own network events only colour the badge; the socket's heartbeat
  // decides whether the connection is really gone (a wall on a LAN may outlive the Wi-Fi).
  const onOffline = (): void => {
    if (!socket.connected) setState({ status: 'offline', reason: 'the browser is offline' });
  };
  const onOnline = (): void => {
    if (!socket.connected) setState({ status: 'reconnecting', attempt: 1 });
    else if (state.status !== 'connected') setState({ status: 'connected' });
  };
  page.addEventListener?.('offline', onOffline);
  page.addEventListener?.('online', onOnline);

  return {
    get state() {
      return state;
    },
    get topics() {
      return wanted;
    },
    get patterns() {
      return globs;
    },
    lastSeq: (topic) => seqs.get(topic),
    serverNow: () => clock.now(),
    on: (event, listener) => emitter.on(event, listener),
    subscribe(topics, subscribeOptions = {}) {
      if (closed) return Promise.reject(new SubscribeError('the client is closed', 'closed'));
      const bad = malformedTopics(topics);
      if (bad.length > 0) return Promise.reject(new SubscribeError(`malformed topic names: ${bad.map((t) => JSON.stringify(t)).join(', ')}`, 'refused'));
      const patterns = subscribeOptions.patterns ?? [];
      const badGlobs = patterns.filter((glob) => typeof glob !== 'string' || topicGlobProblem(glob) !== undefined);
      if (badGlobs.length > 0) return Promise.reject(new SubscribeError(`malformed topic globs: ${badGlobs.map((g) => JSON.stringify(g)).join(', ')}`, 'refused'));
      const freshGlobs = patterns.filter((glob) => !globs.has(glob));
      freshGlobs.forEach((glob) => globs.add(glob));
      for (const topic of topics) {
        if (subscribeOptions.window === undefined) windows.delete(topic);
        else windows.set(topic, subscribeOptions.window);
      }
      const fresh = topics.filter((topic) => !wanted.has(topic));
      fresh.forEach((topic) => wanted.add(topic));
      if (socket.connected) {
        const sent = sendSubscribe(fresh.length > 0 || freshGlobs.length > 0 ? fresh : topics, freshGlobs);
        sent.catch(onSubscribeFailed);
        return sent;
      }
      // Sent by the connect handler with everything else wanted.
      return new Promise((resolve, reject) => waiting.push({ topics, patterns, resolve, reject }));
    },
    async unsubscribe(topics, unsubscribeOptions = {}) {
      const patterns = unsubscribeOptions.patterns ?? [];
      for (const glob of patterns) globs.delete(glob);
      // Topics only a dropped glob joined go with it.
      const stillGlobbed = topicMatcher([...globs]);
      const named = new Set(topics);
      const dropped = topicMatcher(patterns);
      if (patterns.length > 0) for (const topic of wanted) if (dropped(topic) && !stillGlobbed(topic)) named.add(topic);
      topics = [...named];
      for (const topic of topics) {
        wanted.delete(topic);
        seqs.delete(topic);
        windows.delete(topic);
      }
      if (!socket.connected || closed || (topics.length === 0 && patterns.length === 0)) return;
      for (const chunk of chunksOf(patterns, MAX_PATTERNS_PER_REQUEST)) {
        const ack = await socket.timeout(ackTimeoutMs).emitWithAck(EVENTS.unsubscribe, { topics: [], patterns: chunk });
        if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`);
      }
      for (const chunk of chunksOf(topics, MAX_TOPICS_PER_REQUEST)) {
        const ack = await socket.timeout(ackTimeoutMs).emitWithAck(EVENTS.unsubscribe, { topics: chunk });
        if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      page.removeEventListener?.('offline', onOffline);
      page.removeEventListener?.('online', onOnline);
      socket.disconnect();
      waiting.forEach((w) => w.reject(new SubscribeError('the client is closed', 'closed')));
      waiting = [];
      setState({ status: 'offline', reason: 'closed' });
      emitter.clear();
    },
  };
}
