/**
 * The side of a bench server that runs in its own process (see `server-handle.ts`): it starts
 * the server it is given, answers `stats` with its CPU, memory and event-loop delay, and exits
 * on `close` or when the bench goes away. Livewall (`server-process.ts`) and the naive
 * baseline (`baseline/naive-server.ts`) both run through it, so they are measured alike.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerReply, ServerRequest, StartRequest } from './server-handle';

export interface RunningServer {
  url: string;
  /** Samples published so far. */
  published(): number;
  close(): Promise<void>;
}

export function runBenchServerProcess(start: (request: StartRequest) => Promise<RunningServer>): void {
  let server: RunningServer | undefined;
  let profiler: Session | undefined;
  // How late timers fire: when the loop is busy, fan-out and the feeds' ticks both wait.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const reply = (message: ServerReply): void => void process.send?.(message);
  const stop = async (): Promise<never> => {
    await server?.close();
    process.exit(0);
  };

  process.on('message', (message: ServerRequest) => {
    switch (message.type) {
      case 'start':
        start(message).then(
          (started) => {
            server = started;
            reply({ type: 'listening', url: started.url });
          },
          (err: unknown) => reply({ type: 'failed', message: String(err) }),
        );
        break;
      case 'stats': {
        // Memory is read after a full collection (the process runs with --expose-gc), so it is what is held, not what awaits GC.
        (globalThis as { gc?: () => void }).gc?.();
        const { rss, heapUsed } = process.memoryUsage();
        reply({
          type: 'stats',
          cpu: process.cpuUsage(),
          rss,
          heapUsed,
          at: performance.now(),
          published: server?.published() ?? 0,
          loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
          loopDelayMaxMs: loopDelay.max / 1e6,
        });
        loopDelay.reset();
        break;
      }
      case 'close':
        void stop();
        break;
      case 'profile-start':
        void (async () => {
          profiler ??= new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.start');
        })();
        break;
      case 'profile-stop':
        void (async () => {
          const result = await profiler?.post('Profiler.stop');
          profiler?.disconnect();
          if (result) writeFileSync(message.file, JSON.stringify(result.profile));
          reply({ type: 'profiled', file: message.file });
        })();
        break;
    }
  });
  // The bench died or finished without asking: never outlive it.
  process.on('disconnect', () => void stop());
}
