// Captures real systeminformation output as test fixtures: node scripts/capture-system-fixtures.mjs
// On Linux it also copies the kernel files the Linux path reads (src/feeds/system/linux/) into linux/,
// each next to the systeminformation call that reads the same thing, so the two can be compared.
import si from 'systeminformation';
import { existsSync, mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
const dir = process.argv[2] ?? 'src/feeds/system/testdata';
const linux = process.platform === 'linux';
const linuxDir = `${dir}/linux`;
if (linux) mkdirSync(linuxDir, { recursive: true });
const save = (n, v) => writeFileSync(`${dir}/${n}.json`, JSON.stringify(v, null, 2) + '\n');
const saveLinux = (n, v) => writeFileSync(`${linuxDir}/${n}.json`, JSON.stringify(v, null, 2) + '\n');
const copyLinux = (n, file) => linux && writeFileSync(`${linuxDir}/${n}.txt`, readFileSync(file, 'utf8'));

save('current-load', await si.currentLoad());
save('mem', await si.mem());
copyLinux('proc-meminfo', '/proc/meminfo');
save('network-stats-first', await si.networkStats('*'));
copyLinux('proc-net-dev-first', '/proc/net/dev');
copyLinux('proc-stat-first', '/proc/stat');
const first = performance.now();
await new Promise(r => setTimeout(r, 1100));
save('network-stats-second', await si.networkStats('*'));
copyLinux('proc-net-dev-second', '/proc/net/dev');
copyLinux('proc-stat-second', '/proc/stat');
save('fs-size', await si.fsSize());
save('cpu-temperature', await si.cpuTemperature());
save('loadavg', os.loadavg());

if (linux) {
  saveLinux('interval', { elapsedMs: Math.round(performance.now() - first) });
  copyLinux('proc-self-mounts', '/proc/self/mounts');
  const { bsize, blocks, bfree, bavail } = statfsSync('/');
  saveLinux('statfs-root', { bsize, blocks, bfree, bavail });
  saveLinux('interface-names', Object.keys(os.networkInterfaces()));
  // Every /sys entry the temperature reader looks at: directory listings and file contents.
  const sys = { dirs: {}, files: {} };
  const list = (path) => (existsSync(path) ? readdirSync(path) : []);
  for (const [root, pattern, wanted] of [
    ['/sys/class/hwmon', /^hwmon\d+$/, /^(name|temp\d+_(label|input))$/],
    ['/sys/class/thermal', /^thermal_zone\d+$/, /^(type|temp)$/],
  ]) {
    sys.dirs[root] = list(root);
    for (const entry of sys.dirs[root].filter((name) => pattern.test(name))) {
      sys.dirs[`${root}/${entry}`] = list(`${root}/${entry}`);
      for (const file of sys.dirs[`${root}/${entry}`].filter((name) => wanted.test(name))) {
        try {
          sys.files[`${root}/${entry}/${file}`] = readFileSync(`${root}/${entry}/${file}`, 'utf8');
        } catch {
          // A sensor that will not answer now; the reader skips those too.
        }
      }
    }
  }
  saveLinux('sys-sensors', sys);
}
