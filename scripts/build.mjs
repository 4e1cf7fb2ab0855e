// Builds the server (dist/server), the wall display (dist/web) and livewall/client
// (dist/client) with esbuild, then prints the browser bundle's size against its budget.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import ts from 'typescript';
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
  const bytes = readFileSync(file);
  hash.update(bytes);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  if (file.endsWith('.js')) gzipTotal += gzip;
  console.log(`${file.padEnd(28)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip`);
}
writeFileSync('dist/web/build.json', JSON.stringify({ id: hash.digest('hex').slice(0, 16) }) + '\n');
// `livewall/client`: the wall's connection layer as a package entry, with socket.io-client
// bundled in (it is not a runtime dependency). A copy in dist/web lets a plain HTML page
// import it from a running server. It is not loaded by the wall, so it is not in the budget.
await esbuild.build({
  entryPoints: ['web/src/net/index.ts'],
  outfile: 'dist/client/index.js',
  ...BROWSER_BUNDLE,
});
cpSync('dist/client/index.js', 'dist/web/livewall-client.js');
writeClientTypes();
const clientGzip = gzipSync(readFileSync('dist/client/index.js'), { level: 9 }).length;
console.log(`${'dist/client/index.js'.padEnd(28)} ${(readFileSync('dist/client/index.js').length / 1024).toFixed(1).padStart(7)} KB  ${(clientGzip / 1024).toFixed(1).padStart(6)} KB gzip (livewall/client, not served to the wall)`);

const verdict = gzipTotal <= WEB_BUDGET_GZIP_BYTES ? 'within' : 'OVER';
console.log(`JavaScript total: ${(gzipTotal / 1024).toFixed(1)} KB gzip, ${verdict} the ${WEB_BUDGET_GZIP_BYTES / 1024} KB budget`);
if (gzipTotal > WEB_BUDGET_GZIP_BYTES) process.exit(1);

/** Emits `livewall/client`'s declarations with tsc, so its types cannot drift from the code. */
function writeClientTypes() {
  const program = ts.createProgram(['web/src/net/index.ts'], {
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: '.',
    outDir: 'dist/client/types',
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
  });
  const result = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    console.error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }));
    process.exit(1);
  }
  writeFileSync('dist/client/index.d.ts', "export * from './types/web/src/net/index';\n");
}
