// Builds the server (dist/server) and the wall display (dist/web) with esbuild,
// then prints the browser bundle's size against its budget.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const WEB_BUDGET_GZIP_BYTES = 120 * 1024;

rmSync('dist', { recursive: true, force: true });

await esbuild.build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

const web = await esbuild.build({
  entryPoints: ['web/src/main.ts'],
  outdir: 'dist/web',
  entryNames: 'app',
  bundle: true,
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  format: 'esm',
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});

mkdirSync('dist/web', { recursive: true });
cpSync('web/public', 'dist/web', { recursive: true });

let gzipTotal = 0;
const hash = createHash('sha256');
for (const file of Object.keys(web.metafile.outputs).filter((f) => f.endsWith('.js') || f.endsWith('.css'))) {
  const bytes = readFileSync(file);
  hash.update(bytes);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  if (file.endsWith('.js')) gzipTotal += gzip;
  console.log(`${file.padEnd(28)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip`);
}
writeFileSync('dist/web/build.json', JSON.stringify({ id: hash.digest('hex').slice(0, 16) }) + '\n');
const verdict = gzipTotal <= WEB_BUDGET_GZIP_BYTES ? 'within' : 'OVER';
console.log(`JavaScript total: ${(gzipTotal / 1024).toFixed(1)} KB gzip, ${verdict} the ${WEB_BUDGET_GZIP_BYTES / 1024} KB budget`);
if (gzipTotal > WEB_BUDGET_GZIP_BYTES) process.exit(1);
