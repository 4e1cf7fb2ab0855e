// `npm run screenshot`: builds, starts the real server with config/default.json on a
// free port, renders the default wall in headless Chromium at 1920×1080 and writes docs/wall.png,
// then the Operations dashboard (gauges, tables, status tiles, text) to docs/operations.png.
// SCREENSHOT_WAIT_SEC (default 40) is how long the charts fill before the first shot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT_SEC = Number(process.env.SCREENSHOT_WAIT_SEC ?? 40);
const SHOTS = [
  // The line charts need time to fill; the Operations panels show current values at once.
  { path: '/', out: 'docs/wall.png', waitSec: WAIT_SEC, ready: '.panel[data-points]' },
  { path: '/d/operations', out: 'docs/operations.png', waitSec: 4, ready: '.tile[data-state="ok"]' },
];

if (!existsSync(CHROMIUM)) {
  console.error(`screenshot: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, ['bin/livewall.js', 'serve', '--config', 'config/default.json', '--port', '0', '--host', '127.0.0.1'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let browser;
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not print its URL within 15 s')), 15_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`page console: ${message.text()}`);
  });
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  mkdirSync('docs', { recursive: true });
  for (const shot of SHOTS) {
    await page.goto(new URL(shot.path, url).href);
    await page.waitForSelector(shot.ready);
    console.log(`screenshot: letting ${shot.path} fill for ${shot.waitSec} s…`);
    await page.waitForTimeout(shot.waitSec * 1000);
    await page.screenshot({ path: shot.out });
    console.log(`screenshot: wrote ${shot.out}`);
  }
} finally {
  await browser?.close();
  server.kill('SIGTERM');
}
