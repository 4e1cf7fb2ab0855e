// `@livewall/client`: the wall's connection layer (web/src/net) as a package of its own, for
// browsers and Node, built into dist/client. Also the single-file copy a plain page imports.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { BROWSER_BUNDLE, PACKAGE_BUNDLE } from './esbuild-options.mjs';

const ENTRY = 'web/src/net/index.ts';

/** The only sources the declarations may come from: the client and the wire contract. */
const TYPE_SOURCES = ['web/src/net/', 'src/protocol/'];

/**
 * The package.json of `@livewall/client`, derived from the root one so that version,
 * licence, engines and the socket.io-client range cannot drift from the server's.
 * socket.io-client is its only dependency: installing the client brings nothing of the server.
 */
export function clientPackageJson(root) {
  const socketIoClient = root.devDependencies?.['socket.io-client'];
  if (!socketIoClient) throw new Error('package.json: socket.io-client is not a devDependency, so @livewall/client has no range for it');
  return {
    name: '@livewall/client',
    version: root.version,
    description: 'Your own UI on a Livewall server, in a browser or in Node: topic subscriptions with backfill, and reconnects without gaps or duplicates.',
    license: root.license,
    type: 'module',
    exports: {
      '.': { types: './index.d.ts', default: './index.js' },
    },
    files: ['index.js', 'index.js.map', 'index.d.ts', 'types'],
    sideEffects: false,
    engines: root.engines,
    dependencies: { 'socket.io-client': socketIoClient },
  };
}

/**
 * Builds the package into `outdir`: index.js (ESM, socket.io-client left as an import),
 * index.d.ts over types/, package.json, and docs/client.md as its README.
 */
export async function buildClientPackage(outdir) {
  const manifest = clientPackageJson(JSON.parse(readFileSync('package.json', 'utf8')));
  const { metafile } = await esbuild.build({ entryPoints: [ENTRY], outfile: path.join(outdir, 'index.js'), metafile: true, ...PACKAGE_BUNDLE });
  // An import the package does not declare would install fine and fail at its first run.
  const undeclared = Object.values(metafile.outputs)
    .flatMap((output) => output.imports.filter((imported) => imported.external).map((imported) => imported.path))
    .filter((name) => !Object.hasOwn(manifest.dependencies, name));
  if (undeclared.length > 0) {
    console.error(`@livewall/client imports packages it does not depend on: ${[...new Set(undeclared)].join(', ')}`);
    process.exit(1);
  }
  writeClientTypes(outdir);
  writeFileSync(path.join(outdir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  copyFileSync('docs/client.md', path.join(outdir, 'README.md'));
}

/** The copy a plain HTML page imports from a running server: one file, socket.io-client inside. */
export async function buildPlainPageClient(outfile) {
  await esbuild.build({ entryPoints: [ENTRY], outfile, ...BROWSER_BUNDLE });
}

/**
 * Emits the declarations with tsc, so they cannot drift from the code, and refuses any
 * that would not resolve under `nodenext` (an extensionless or bare import) or would
 * drag in server types (a file outside TYPE_SOURCES, or a package such as zod).
 */
function writeClientTypes(outdir) {
  const typesDir = path.join(outdir, 'types');
  const program = ts.createProgram([ENTRY], {
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: '.',
    outDir: typesDir,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
  });
  const problems = new Set();
  const result = program.emit(undefined, (file, text) => {
    const source = path.relative(typesDir, file).replace(/\\/g, '/').replace(/\.d\.ts$/, '.ts');
    if (!TYPE_SOURCES.some((dir) => source.startsWith(dir))) problems.add(`${source}: outside ${TYPE_SOURCES.join(' and ')}`);
    const { importedFiles, referencedFiles, typeReferenceDirectives, libReferenceDirectives } = ts.preProcessFile(text, true, true);
    for (const { fileName } of importedFiles) {
      if (!/^\.\.?\//.test(fileName)) problems.add(`${source}: imports the package "${fileName}"`);
      else if (!fileName.endsWith('.js')) problems.add(`${source}: imports "${fileName}" without .js, which nodenext cannot resolve`);
    }
    for (const { fileName } of [...referencedFiles, ...typeReferenceDirectives, ...libReferenceDirectives]) problems.add(`${source}: references "${fileName}"`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  });
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    console.error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }));
    process.exit(1);
  }
  if (problems.size > 0) {
    console.error(`@livewall/client's declarations would not work for its users:\n  ${[...problems].join('\n  ')}`);
    process.exit(1);
  }
  writeFileSync(path.join(outdir, 'index.d.ts'), "export * from './types/web/src/net/index.js';\n");
}
