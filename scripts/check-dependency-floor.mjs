// Fails when the installed tree holds a package below the version that fixed a known hole.
// `npm audit` needs the advisory service, which these machines cannot reach; this reads the
// tree itself (npm ls --json --all), so every copy counts, nested ones too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Package → the first version carrying the security fixes Livewall relies on (see docs/security.md). */
const FLOOR = {
  ws: '8.21.0',
  'engine.io': '6.6.9',
  'socket.io-parser': '4.2.7',
  'socket.io': '4.6.2',
  systeminformation: '5.31.7',
};

// --tree FILE reads a saved `npm ls --json --all` instead (the test gives it one with a hole).
const treeFile = process.argv.indexOf('--tree') > 0 ? process.argv[process.argv.indexOf('--tree') + 1] : undefined;
const tree = treeFile ? JSON.parse(readFileSync(treeFile, 'utf8')) : installedTree();

const found = [];
const walk = (node, path) => {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (child.version && name in FLOOR) found.push({ name, version: child.version, path: [...path, name].join(' > ') });
    walk(child, [...path, name]);
  }
};
walk(tree, []);

const below = found.filter(({ name, version }) => compare(version, FLOOR[name]) < 0);
for (const { name, version, path } of below) {
  console.error(`dependency floor: ${path} is ${version}, below ${FLOOR[name]}, the first with the security fixes we need; update it`);
}
const checked = [...new Set(found.map(({ name, version }) => `${name}@${version}`))].sort().join(', ');
if (below.length > 0) process.exit(1);
console.log(`dependency floor: ok (${checked})`);

function installedTree() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    return JSON.parse(execFileSync(npm, ['ls', '--json', '--all'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch (err) {
    // npm ls exits 1 on an extraneous or missing package, and still prints the tree.
    return JSON.parse(err.stdout);
  }
}

function compare(a, b) {
  const [pa, pb] = [a, b].map((v) => v.split('-')[0].split('.').map(Number));
  for (let i = 0; i < 3; i += 1) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
