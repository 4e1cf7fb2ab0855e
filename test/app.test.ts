import { connect, createServer } from 'node:net';
import { pino } from 'pino';
import { io as connectClient } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import { parseConfig } from '../src/config/load';
import { EVENTS, type Sample } from '../src/protocol';
import { simulatedConfig } from './helpers/configs';
import { eventually, waitFor, type TestSocket } from './helpers/server';

const log = pino({ level: 'silent' });

describe('app lifecycle', () => {
  it('closes safely before it ever listened, and twice', async () => {
    const app = createApp({ config: parseConfig(simulatedConfig()), log });
    await app.close();
    await app.close();
  });

  it('stops polling and frees its port on close', async () => {
    const app = createApp({ config: parseConfig(simulatedConfig()), log });
    const url = await app.listen(0, '127.0.0.1');
    const port = Number(new URL(url).port);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all([app.close(), app.close()]);
    const seq = app.hub.get('stocks.ACME')?.history.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.hub.get('stocks.ACME')?.history.length).toBe(seq);
    // The port can be bound again at once.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => probe.close(resolve));
  });

  it('cuts a WebSocket peer that never answers the close handshake, rather than waiting for it', async () => {
    const app = createApp({ config: parseConfig(simulatedConfig()), log });
    const url = new URL(await app.listen(0, '127.0.0.1'));
    const peer = connect(Number(url.port), '127.0.0.1');
    let received = '';
    peer.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    peer.write(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await eventually(() => (received.includes('101 Switching Protocols') ? true : undefined), 5_000, 'the upgrade');
    const closed = new Promise((resolve) => peer.once('close', resolve));
    // The peer never sends a close frame back; ws alone would wait 30 s for it.
    await app.close();
    await closed;
  });

  it('closes transports, not sessions, so socket.io-clients reconnect by themselves to the restarted server', async () => {
    const config = parseConfig(simulatedConfig());
    const first = createApp({ config, log });
    const url = await first.listen(0, '127.0.0.1');
    let second: App | undefined;
    // One with default options, as a third-party client connects (reconnection on, long-polling then
    // WebSocket), and one that stays on long-polling.
    const clients = [connectClient(url), connectClient(url, { forceNew: true, transports: ['polling'] })].map((socket: TestSocket) => {
      const client = { socket, epochs: [] as string[], samples: [] as Sample[] };
      socket.on('connect', () => {
        void socket.emitWithAck(EVENTS.subscribe, { topics: ['stocks.ACME'] }).then((ack) => ack.ok && client.epochs.push(ack.epoch));
      });
      socket.on(EVENTS.dashboardUpdate, (batch) => client.samples.push(...batch));
      return client;
    });
    try {
      const upgraded = () => clients[0]?.socket.io.engine.transport.name === 'websocket';
      await eventually(() => (upgraded() && clients.every((c) => c.samples.length > 0) ? true : undefined), 10_000, 'samples from the first run');
      const reasons = Promise.all(clients.map((c) => waitFor<string>(c.socket, 'disconnect')));
      await first.close();
      // After "io server disconnect" (a namespace disconnect), socket.io-client never reconnects by itself.
      // A long-poll gets a close packet when a poll is pending, and sees its next poll fail ("transport error") when not.
      const [webSocketReason, pollingReason] = await reasons;
      expect(webSocketReason).toBe('transport close');
      expect(['transport close', 'transport error']).toContain(pollingReason);

      second = createApp({ config, log });
      await second.listen(Number(new URL(url).port), '127.0.0.1');
      const before = clients.map((c) => c.samples.length);
      await eventually(
        () => (clients.every((c, i) => c.epochs.length === 2 && c.samples.length > (before[i] as number)) ? true : undefined),
        15_000,
        'samples from the restarted server',
      );
      for (const { epochs } of clients) expect(epochs).toEqual([first.hub.epoch, second.hub.epoch]);
    } finally {
      for (const { socket } of clients) socket.disconnect();
      await Promise.all([first.close(), second?.close()]);
    }
  });

  it('reports a port in use as a listen error', async () => {
    const first = createApp({ config: parseConfig(simulatedConfig()), log });
    const url = await first.listen(0, '127.0.0.1');
    const second = createApp({ config: parseConfig(simulatedConfig()), log });
    await expect(second.listen(Number(new URL(url).port), '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await Promise.all([first.close(), second.close()]);
  });
});
