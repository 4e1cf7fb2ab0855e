import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import cluster from 'node:cluster';
import { serve, parsePort } from './cli/serve';
import { serveWorkers, workerIndex } from './cli/workers';
import { configJsonSchema } from './config/json-schema';
import { ConfigError, loadConfig } from './config/load';

// Bundled to dist/server/main.js: the package's files sit two levels up.
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_CONFIG = `${PACKAGE_ROOT}config/default.json`;
const WEB_ROOT = `${PACKAGE_ROOT}dist/web`;

const program = new Command()
  .name('livewall')
  .description('A live metrics wall display: feeds → Socket.IO topic rooms → streaming charts.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the server and the wall display.')
  .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
  .option('-p, --port <n>', 'port to listen on; 0 picks a free one (default: $PORT, else server.port)', portOption)
  .option('-H, --host <host>', 'address to bind (default: server.host, 127.0.0.1)')
  .option('--no-watch', 'do not reload when the config file changes (SIGHUP still reloads)')
  .option('-w, --workers <n>', 'run n processes on this machine as nodes of the config\'s cluster (needs its "cluster" section)', workersOption)
  .action(async (options: { config: string; port?: number; host?: string; watch: boolean; workers?: number }) => {
    const { workers, ...serveOptions } = options;
    if (workers !== undefined && cluster.isPrimary) return serveWorkers({ config: options.config, workers });
    const worker = workerIndex();
    await serve({ ...serveOptions, webRoot: WEB_ROOT, ...(worker === undefined ? {} : { worker }) });
  });

program
  .command('validate')
  .description('Check a config file; list every problem and exit 1 when it is invalid.')
  .argument('<file>', 'config file')
  .action(async (file: string) => {
    const config = await loadConfig(file);
    process.stdout.write(`${file}: valid (${config.feeds.length} feeds, ${config.dashboards.length} dashboards)\n`);
  });

program
  .command('schema')
  .description('Print the config file\'s JSON Schema (the source of config/schema.json).')
  .option('-o, --out <file>', 'write to this file instead of stdout')
  .action(async (options: { out?: string }) => {
    const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (options.out) await writeFile(options.out, text);
    else process.stdout.write(text);
  });

function portOption(value: string): number {
  try {
    return parsePort(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** Commander's parser for `--workers`: 1 to 64 processes. */
function workersOption(value: string): number {
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers < 1 || workers > 64) throw new InvalidArgumentError(`--workers must be a whole number from 1 to 64, got "${value}"`);
  return workers;
}

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`livewall: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
