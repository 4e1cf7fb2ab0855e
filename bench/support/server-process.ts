/**
 * The server under benchmark, in a process of its own so that its CPU time and RSS
 * are the server's alone, not the load generator's. Started by `startBenchServer`;
 * speaks only over the IPC channel (see `ServerRequest` and `ServerReply`).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp, type App } from '../../src/app';
import { parseConfig } from '../../src/config/load';
import type { ServerReply, ServerRequest } from './server-handle';

let app: App | undefined;
let published = 0;
// How late timers fire: when the loop is busy, fan-out and the feeds' polls both wait.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function reply(message: ServerReply): void {
  process.send?.(message);
}

async function stop(): Promise<never> {
  await app?.close();
  process.exit(0);
}

process.on('message', (message: ServerRequest) => {
  switch (message.type) {
    case 'start': {
      app = createApp({ config: parseConfig(message.config), log: pino({ level: 'silent' }), webRoot: message.webRoot, build: 'bench' });
      app.hub.on('sample', () => void (published += 1));
      app.listen(0, '127.0.0.1').then(
        (url) => reply({ type: 'listening', url }),
        (err: unknown) => reply({ type: 'failed', message: String(err) }),
      );
      break;
    }
    case 'stats': {
      const { rss, heapUsed } = process.memoryUsage();
      reply({ type: 'stats', cpu: process.cpuUsage(), rss, heapUsed, at: performance.now(), published, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 });
      loopDelay.reset();
      break;
    }
    case 'close':
      void stop();
      break;
  }
});

// The bench died or finished without asking: never outlive it.
process.on('disconnect', () => void stop());
