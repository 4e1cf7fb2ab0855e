/**
 * The naive pattern Livewall must beat, speaking Livewall's protocol: every topic in one timer,
 * one `io.to(topic).emit('dashboard update', [sample])` per sample. What most Socket.IO
 * dashboards do. Same topics, rate and values shape as the Livewall run (one field per topic).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { runBenchServerProcess } from '../support/bench-server-process';

runBenchServerProcess(async ({ config }) => {
  const topics = config.feeds.map((feed) => feed.topic);
  const intervalMs = (config.feeds[0] as { intervalMs?: number }).intervalMs ?? 100;
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  let published = 0;
  const seqs = new Map(topics.map((topic) => [topic, 0]));
  io.on('connection', (socket) => {
    socket.on('subscribe', ({ topics: wanted }: { topics: string[] }, ack: (reply: unknown) => void) => {
      for (const topic of wanted) void socket.join(`topic:${topic}`);
      ack({ ok: true, epoch: 'naive', topics: [], unknown: [] });
    });
  });
  const timer = setInterval(() => {
    const ts = Date.now();
    for (const topic of topics) {
      const seq = (seqs.get(topic) ?? 0) + 1;
      seqs.set(topic, seq);
      io.to(`topic:${topic}`).emit('dashboard update', [{ topic, seq, ts, values: { v: Math.random() * 100 } }]);
      published += 1;
    }
  }, intervalMs);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    published: () => published,
    close: async () => {
      clearInterval(timer);
      await io.close();
    },
  };
});
