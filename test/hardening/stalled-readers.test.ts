import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema';
import { EVENTS, type Sample } from '../../src/protocol';
import { eventually, startServer, type TestServer } from '../helpers/server';

const TOKEN = 'bulk-pusher-token-0123456789';
const FIELDS = Array.from({ length: 60 }, (_, i) => ({ name: `f${i}` }));

const config: ConfigInput = {
  server: { logLevel: 'silent', limits: { maxViewerBacklogBytes: 256 * 1024, slowViewerGraceMs: 2_000 } },
  feeds: [{ kind: 'push', topic: 'bulk.data', fields: FIELDS, token: TOKEN, maxSamplesPerSec: 10_000 }],
};

let server: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await server?.close();
  server = undefined;
});

async function viewer(url: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['bulk.data'] });
  if (!ack.ok) throw new Error(ack.message);
  return socket;
}

/** Stops reading from the socket's TCP connection: the server's writes pile up in the kernel, then in ws. */
function stopReading(socket: Socket): void {
  const engine = socket.io.engine as unknown as { transport: { ws?: { _socket?: { pause(): void } } } };
  engine.transport.ws?._socket?.pause();
}

describe('viewers that stop reading', () => {
  it('are passed over once their backlog passes its bound, then cut off after the grace, while a healthy viewer misses nothing', async () => {
    server = await startServer(config);
    const healthy = await viewer(server.url);
    const seqs: number[] = [];
    healthy.on(EVENTS.dashboardUpdate, (batch: Sample[]) => seqs.push(...batch.map((sample) => sample.seq)));
    const stalled = await Promise.all(Array.from({ length: 10 }, () => viewer(server?.url as string)));
    stalled.forEach(stopReading);

    // Pushes keep coming, ten a second, until every stalled viewer is gone (at most 20 s).
    const values = Object.fromEntries(FIELDS.map((field, i) => [field.name, i * 1.5]));
    const body = JSON.stringify(Array.from({ length: 300 }, () => ({ values })));
    let batches = 0;
    const deadline = Date.now() + 20_000;
    while ((server.app.io.of('/').sockets.size > 1 || batches < 10) && Date.now() < deadline) {
      const res = await fetch(`${server.url}/api/topics/bulk.data`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body });
      expect(res.status).toBe(202);
      batches += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Within the grace and the watch's one-second beat, every stalled viewer is gone; the healthy one stays.
    expect(server.app.io.of('/').sockets.size).toBe(1);
    expect(healthy.connected).toBe(true);
    await eventually(() => (seqs.length >= batches * 300 ? true : undefined), 15_000, 'every sample at the healthy viewer');
    expect(seqs).toEqual(Array.from({ length: batches * 300 }, (_, i) => i + 1));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const dropped = Number(/^livewall_samples_dropped_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    expect(dropped).toBeGreaterThan(0);
  });
});
