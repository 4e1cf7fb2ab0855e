// Captures real systeminformation output as test fixtures: node scripts/capture-system-fixtures.mjs
import si from 'systeminformation';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
const dir = process.argv[2] ?? 'src/feeds/system/testdata';
const save = (n, v) => writeFileSync(`${dir}/${n}.json`, JSON.stringify(v, null, 2) + '\n');
save('current-load', await si.currentLoad());
save('mem', await si.mem());
save('network-stats-first', await si.networkStats('*'));
await new Promise(r => setTimeout(r, 1100));
save('network-stats-second', await si.networkStats('*'));
save('fs-size', await si.fsSize());
save('cpu-temperature', await si.cpuTemperature());
save('loadavg', os.loadavg());
