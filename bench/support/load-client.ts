/**
 * A load generator in a process of its own: it opens a share of the bench's viewers (real
 * socket.io-client sockets over WebSocket), subscribes each to its topics, and counts what
 * arrives while the bench measures. Driven by `load-clients.ts` over IPC.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { EVENTS, type Sample, type SubscribeAck } from '../../src/protocol';

/** Messages from the bench to a load process. */
export type LoadRequest =
  | { type: 'open'; url: string; clients: string[][]; intervalMs: number }
  | { type: 'measure' }
  | { type: 'report' }
  | { type: 'close' };

/** What a load process saw while measuring. Histograms are sparse: [value in ms, count] pairs. */
export interface LoadReport {
  type: 'report';
  samples: number;
  /** Latency: receipt minus the sample's `ts`, in whole ms. */
  latencyMs: [number, number][];
  /** Samples a viewer never got: gaps in its `seq` per topic. */
  lost: number;
  /** Samples a viewer got again: a `seq` at or below one it already had for that topic. */
  duplicates: number;
  /** How late ticks fired: per topic, the gap between consecutive samples' `ts` beyond the interval. */
  tickLateMs: [number, number][];
  cpuUs: number;
  frames: number;
}

export type LoadReply = { type: 'opened'; clients: number; failed: number; firstError?: string } | { type: 'failed'; message: string } | LoadReport;

const sockets: Socket[] = [];
let measuring = false;
let samples = 0;
let frames = 0;
let lost = 0;
let duplicates = 0;
let latency = new Map<number, number>();
let tickLate = new Map<number, number>();
let cpuAtStart = process.cpuUsage();
// Per topic, the newest seq and ts this process has seen from any viewer: for tick lateness.
const newest = new Map<string, { seq: number; ts: number }>();

const count = (histogram: Map<number, number>, value: number): void => void histogram.set(value, (histogram.get(value) ?? 0) + 1);
const reply = (message: LoadReply): void => void process.send?.(message);

async function open(url: string, topics: string[], intervalMs: number): Promise<void> {
  // A generous timeout: a saturated server (the naive one at 4,000 viewers) is slow to accept, which is a result, not a bench bug.
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  const lastSeq = new Map<string, number>();
  socket.on(EVENTS.dashboardUpdate, (batch: Sample[]) => {
    const now = Date.now();
    if (measuring) frames += 1;
    for (const sample of batch) {
      const last = lastSeq.get(sample.topic);
      // Not a delivery, and not the newest: keeping `last` stops the next sample counting as a gap as well.
      if (last !== undefined && sample.seq <= last) {
        if (measuring) duplicates += 1;
        continue;
      }
      lastSeq.set(sample.topic, sample.seq);
      const seen = newest.get(sample.topic);
      if (!seen || sample.seq > seen.seq) {
        if (measuring && seen && sample.seq === seen.seq + 1) count(tickLate, Math.max(0, Math.round(sample.ts - seen.ts - intervalMs)));
        newest.set(sample.topic, { seq: sample.seq, ts: sample.ts });
      }
      if (!measuring) continue;
      samples += 1;
      count(latency, Math.max(0, now - sample.ts));
      if (last !== undefined && sample.seq > last + 1) lost += sample.seq - last - 1;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  sockets.push(socket);
  // An idle viewer (for memory per connection) subscribes to nothing.
  if (topics.length === 0) return;
  const ack = (await socket.timeout(30_000).emitWithAck(EVENTS.subscribe, { topics })) as SubscribeAck;
  if (!ack.ok) throw new Error(`subscribe failed: ${ack.code} ${ack.message}`);
  // Live samples continue from the backfill, so a gap counts from there.
  for (const topic of ack.topics) {
    const last = topic.history.at(-1);
    if (last) lastSeq.set(topic.topic, last.seq);
  }
}

process.on('message', (message: LoadRequest) => {
  switch (message.type) {
    case 'open':
      void (async () => {
        let failed = 0;
        let firstError: string | undefined;
        // A few at a time: a burst of handshakes measures accept(), not fan-out.
        for (let i = 0; i < message.clients.length; i += 25) {
          const batch = await Promise.allSettled(message.clients.slice(i, i + 25).map((topics) => open(message.url, topics, message.intervalMs)));
          for (const result of batch) {
            if (result.status === 'fulfilled') continue;
            failed += 1;
            firstError ??= String(result.reason);
          }
        }
        reply({ type: 'opened', clients: sockets.length, failed, ...(firstError === undefined ? {} : { firstError }) });
      })();
      break;
    case 'measure':
      samples = 0;
      frames = 0;
      lost = 0;
      duplicates = 0;
      latency = new Map();
      tickLate = new Map();
      cpuAtStart = process.cpuUsage();
      measuring = true;
      break;
    case 'report': {
      measuring = false;
      const cpu = process.cpuUsage(cpuAtStart);
      reply({ type: 'report', samples, frames, lost, duplicates, latencyMs: [...latency], tickLateMs: [...tickLate], cpuUs: cpu.user + cpu.system });
      break;
    }
    case 'close':
      for (const socket of sockets) socket.disconnect();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
