import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connectAsync, type MqttClient } from 'mqtt';
import { freePort, waitForPort } from '../../../../test/helpers/ports';

/*
 * Real brokers for the MQTT tests: the machine's Mosquitto on 1883, and private ones a test
 * starts and kills on a port of its own (never the machine's).
 */

export const SYSTEM_BROKER_URL = 'mqtt://127.0.0.1:1883';
export const MOSQUITTO_PATH = '/usr/sbin/mosquitto';

/**
 * Whether the broker tests can run: the machine's broker answers and Mosquitto can be started.
 * When they cannot, they are skipped with a loud warning; under CI=true this throws instead,
 * because CI must run them for real.
 */
export async function brokerTestsCanRun(): Promise<boolean> {
  let problem: string | undefined;
  if (!existsSync(MOSQUITTO_PATH)) problem = `${MOSQUITTO_PATH} is missing (apt-get install mosquitto)`;
  else if (!(await answers(SYSTEM_BROKER_URL))) problem = `no MQTT broker answers at ${SYSTEM_BROKER_URL} (systemctl start mosquitto)`;
  if (problem === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`the MQTT tests need a broker under CI: ${problem}`);
  console.warn(`\n!!! ${problem}: SKIPPING the MQTT broker tests. !!!\n`);
  return false;
}

async function answers(url: string): Promise<boolean> {
  try {
    const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2_000 });
    await client.endAsync(true);
    return true;
  } catch {
    return false;
  }
}

/** Names no other test run uses: an MQTT topic prefix and the matching Livewall topic prefix. */
export function uniquePrefix(): { mqtt: string; topic: string } {
  const id = `t${randomBytes(6).toString('hex')}`;
  return { mqtt: `livewall-test/${id}`, topic: `lwtest.${id}` };
}

/** A publisher that reconnects quickly, so it outlives a broker restart. */
export function connectPublisher(url: string): Promise<MqttClient> {
  return connectAsync(url, { reconnectPeriod: 200, connectTimeout: 5_000 });
}

/** A Mosquitto of a test's own, on a port of its own, that the test may kill and start again. */
export interface OwnBroker {
  readonly port: number;
  readonly url: string;
  /** Starts it (again, on the same port) and resolves once it takes connections. */
  start(): Promise<void>;
  /** Kills it the hard way, as a crash would, and resolves once it has exited. Safe to call twice. */
  kill(): Promise<void>;
}

/** A broker on a free port, not started yet. */
export async function createOwnBroker(): Promise<OwnBroker> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      if (child) throw new Error('the broker is already running');
      const started = spawn(MOSQUITTO_PATH, ['-p', String(port)], { stdio: 'ignore' });
      child = started;
      const exited = new Promise<never>((_, reject) => {
        started.once('error', reject);
        started.once('exit', (code, signal) => reject(new Error(`mosquitto exited (${code ?? signal}) on port ${port}`)));
      });
      exited.catch(() => undefined);
      await Promise.race([waitForPort(port, 5_000), exited]);
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await Promise.race([exited, rejectAfter(5_000, `mosquitto on port ${port} did not exit`)]);
    },
  };
}

function rejectAfter(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
