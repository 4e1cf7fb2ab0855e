// Builds the server (dist/server), the wall display (dist/web), the @livewall/client package
// (dist/client) and its plain-page copy (dist/web/livewall-client.js) with esbuild, then
// prints the browser bundle's size against its budget.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { buildClientPackage, buildPlainPageClient } from './build-client.mjs';
import { BROWSER_BUNDLE, NODE_BUNDLE } from './esbuild-options.mjs';

const WEB_BUDGET_GZIP_BYTES = 120 * 1024;

rmSync('dist', { recursive: true, force: true });

await esbuild.build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/server/main.js',
  ...NODE_BUNDLE,
});

const web = await esbuild.build({
  entryPoints: ['web/src/main.ts'],
  outdir: 'dist/web',
  entryNames: 'app',
  metafile: true,
  ...BROWSER_BUNDLE,
});

mkdirSync('dist/web', { recursive: true });
cpSync('web/public', 'dist/web', { recursive: true });

let gzipTotal = 0;
const hash = createHash('sha256');
for (const file of Object.keys(web.metafile.outputs).filter((f) => f.endsWith('.js') || f.endsWith('.css'))) {
  hash.update(readFileSync(file));
  const gzip = printSize(file);
  if (file.endsWith('.js')) gzipTotal += gzip;
}
writeFileSync('dist/web/build.json', JSON.stringify({ id: hash.digest('hex').slice(0, 16) }) + '\n');
// Neither client is loaded by the wall, so neither counts against its budget.
await buildClientPackage('dist/client');
await buildPlainPageClient('dist/web/livewall-client.js');
printSize('dist/client/index.js', '(@livewall/client; socket.io-client external)');
printSize('dist/web/livewall-client.js', '(for plain pages; socket.io-client inside)');

const verdict = gzipTotal <= WEB_BUDGET_GZIP_BYTES ? 'within' : 'OVER';
console.log(`JavaScript total: ${(gzipTotal / 1024).toFixed(1)} KB gzip, ${verdict} the ${WEB_BUDGET_GZIP_BYTES / 1024} KB budget`);
if (gzipTotal > WEB_BUDGET_GZIP_BYTES) process.exit(1);

/** Prints a file's size, raw and gzipped; returns the gzipped size in bytes. */
function printSize(file, note = '') {
  const bytes = readFileSync(file);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  console.log(`${file.padEnd(28)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip ${note}`.trimEnd());
  return gzip;
}
