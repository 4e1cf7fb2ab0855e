/** Livewall under benchmark, in a process of its own: the real createApp. Started by `startBenchServer`. */
import { pino } from 'pino';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/config/load';
import { runBenchServerProcess } from './bench-server-process';

runBenchServerProcess(async ({ config, webRoot }) => {
  const app = createApp({ config: parseConfig(config), log: pino({ level: 'silent' }), webRoot, build: 'bench' });
  let published = 0;
  app.hub.on('sample', () => void (published += 1));
  const url = await app.listen(0, '127.0.0.1');
  return { url, published: () => published, close: () => app.close() };
});
