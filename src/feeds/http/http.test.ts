import { once } from 'node:events';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startServer, type TestServer } from '../../../test/helpers/server';
import { ERROR_CODES, LivewallError } from '../../errors';
import { Hub } from '../../hub/hub';
import { EVENTS, type Sample, type TopicStatus } from '../../protocol';
import type { Feed, FeedSink } from '../feed';
import { createPolledFeed } from '../polled-feed';
import { createHttpPoller, MAX_RESPONSE_BYTES } from './http-feed';
import { httpFeedSchema, type HttpFeedConfig } from './schema';

/** A local JSON endpoint at `/now.json` whose answer a test sets, and changes mid-test. */
interface Endpoint {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  respond: RequestHandler;
  /** The headers and query of every request it got. */
  requests: { headers: IncomingHttpHeaders; query: unknown }[];
  /** How many requests were closed by the client before they were answered in full. */
  hungUp: number;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startEndpoint(respond: RequestHandler): Promise<Endpoint> {
  const app = express();
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let closed = false;
  const endpoint: Endpoint = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    respond,
    requests: [],
    hungUp: 0,
    async close() {
      if (closed) return;
      closed = true;
      // A test's endpoint may never answer; its connections must not hold the close up.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  app.get('/now.json', (req, res, next) => {
    endpoint.requests.push({ headers: req.headers, query: req.query });
    res.on('close', () => {
      if (!res.writableFinished) endpoint.hungUp += 1;
    });
    return endpoint.respond(req, res, next);
  });
  cleanups.push(() => endpoint.close());
  return endpoint;
}

const weather = (temperature: number | string = 21.5): RequestHandler => (_req, res) => {
  res.json({ current: { temperature, humidity: '63', station: 'Blindern' }, daily: [{ max: 24 }, { max: 26.5 }] });
};
const failing: RequestHandler = (_req, res) => {
  res.sendStatus(500);
};
const hanging: RequestHandler = () => {};

function httpConfig(url: string, extra: Record<string, unknown> = {}): HttpFeedConfig {
  return httpFeedSchema.parse({
    kind: 'http',
    topic: 'weather.oslo',
    url,
    fields: [
      { name: 'temp', path: '$.current.temperature', unit: '°C' },
      { name: 'tomorrowMax', path: '$.daily[1].max', unit: '°C' },
    ],
    ...extra,
  });
}

const poll = () => ({ signal: new AbortController().signal, now: Date.now() });

/** Runs a feed on its real poll loop into a real hub, keeping the errors it reported. */
function runFeed(feed: Feed): { hub: Hub; errors: Error[] } {
  const hub = new Hub();
  const errors: Error[] = [];
  const sink: FeedSink = {
    declare: (meta) => (hub.upsertTopic(meta, { maxSamples: 100, maxAgeMs: 60_000 }), true),
    polled: () => undefined,
    publish: (topic, values, ts) => void hub.publish(topic, values, ts),
    fail: (topic, error, failures) => {
      errors.push(error);
      hub.markFailure(topic, error.message, failures);
    },
    recover: (topic) => hub.markRecovered(topic),
    lastSampleTs: (topic) => hub.get(topic)?.status.lastSampleTs ?? null,
  };
  for (const meta of feed.topics) sink.declare(meta);
  feed.start(sink);
  cleanups.push(() => feed.stop());
  return { hub, errors };
}

async function failureOf(promise: Promise<unknown>): Promise<LivewallError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof LivewallError) return err;
    throw err;
  }
  throw new Error('expected the poll to fail');
}

describe('http feed config', () => {
  it('takes the documented example, with a 30 s interval and a 10 s timeout by default', () => {
    const config = httpConfig('https://api.example/now.json', { headers: { Authorization: 'Bearer x' } });
    expect(config).toMatchObject({ intervalMs: 30_000, timeoutMs: 10_000, headers: { Authorization: 'Bearer x' } });
  });

  it('refuses what it cannot poll, saying why', () => {
    const problems = (input: Record<string, unknown>): string[] => {
      const result = httpFeedSchema.safeParse({ kind: 'http', topic: 'weather.oslo', url: 'https://api.example/now.json', fields: [{ name: 'temp', path: '$.t' }], ...input });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(problems({ url: 'ftp://files.example/now.json' })).toEqual(['url: must be an http: or https: URL, such as "https://api.example/now.json"']);
    expect(problems({ url: 'not a url' })).toEqual(['url: must be an http: or https: URL, such as "https://api.example/now.json"']);
    expect(problems({ fields: [{ name: 'temp', path: '$.a' }, { name: 'temp', path: '$.b' }] })).toEqual([
      'fields.1.name: duplicate field "temp"; field names must be unique',
    ]);
    expect(problems({ fields: [{ name: 'temp' }] })).toHaveLength(1);
    expect(problems({ fields: [] })).toHaveLength(1);
    expect(problems({ intervalMs: 500 })).toHaveLength(1);
    expect(problems({ headers: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`X-H${i}`, 'v'])) })).toEqual(['headers: must have at most 32 headers']);
    const split = problems({ headers: { 'X-Key': 'abc\r\nX-Evil: 1' } });
    expect(split).toEqual(['headers.X-Key: must be one line']);
    expect(split.join()).not.toContain('abc');
  });
});

describe('http feed, against a real endpoint', () => {
  it('reads nested paths and numbers sent as strings, sending its headers', async () => {
    const endpoint = await startEndpoint(weather('21.5'));
    const poller = createHttpPoller(
      httpConfig(`${endpoint.origin}/now.json`, {
        headers: { Authorization: 'Bearer k3y', 'X-Station': 'oslo' },
        fields: [
          { name: 'temp', path: '$.current.temperature', unit: '°C' },
          { name: 'humidity', path: '$.current.humidity', unit: '%', label: 'Relative humidity' },
          { name: 'tomorrowMax', path: '$.daily[1].max', unit: '°C' },
        ],
      }),
    );
    expect(await poller.read(poll())).toEqual({ temp: 21.5, humidity: 63, tomorrowMax: 26.5 });
    expect(endpoint.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer k3y',
      'x-station': 'oslo',
      accept: 'application/json',
      'user-agent': 'Livewall',
    });
    expect(poller.meta).toEqual({
      topic: 'weather.oslo',
      title: 'Oslo',
      kind: 'http',
      intervalMs: 30_000,
      fields: [
        { name: 'temp', label: 'Temp', unit: '°C' },
        { name: 'humidity', label: 'Relative humidity', unit: '%' },
        { name: 'tomorrowMax', label: 'TomorrowMax', unit: '°C' },
      ],
    });
  });

  it('gives the topic the unit its fields share', async () => {
    const poller = createHttpPoller(httpConfig('http://127.0.0.1/now.json', { title: 'Weather in Oslo' }));
    expect(poller.meta).toMatchObject({ title: 'Weather in Oslo', unit: '°C' });
  });

  it('sends user:password in the URL as Basic auth, and the query as it is', async () => {
    const endpoint = await startEndpoint(weather());
    await createHttpPoller(httpConfig(endpoint.origin.replace('//', '//me:s%40cret@') + '/now.json?key=t0ken')).read(poll());
    expect(endpoint.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('me:s@cret').toString('base64')}`);
    expect(endpoint.requests[0]?.query).toEqual({ key: 't0ken' });
  });

  it('fails unreachable on an HTTP error, naming the status and the URL', async () => {
    const endpoint = await startEndpoint(failing);
    const err = await failureOf(createHttpPoller(httpConfig(`${endpoint.origin}/now.json`)).read(poll()));
    expect(err).toMatchObject({ code: ERROR_CODES.FEED_UNREACHABLE, message: `HTTP 500 Internal Server Error from ${endpoint.origin}/now.json` });
  });

  it('fails unreachable when nothing listens, with the system error', async () => {
    const endpoint = await startEndpoint(weather());
    await endpoint.close();
    const err = await failureOf(createHttpPoller(httpConfig(`${endpoint.origin}/now.json`)).read(poll()));
    expect(err.code).toBe(ERROR_CODES.FEED_UNREACHABLE);
    expect(err.message).toBe(`cannot reach ${endpoint.origin}/now.json: connect ECONNREFUSED ${endpoint.origin.slice('http://'.length)}`);
  });

  it('fails a bad reading on a body that is not JSON, with a short reason', async () => {
    const endpoint = await startEndpoint((_req, res) => void res.type('json').send('{"current": '));
    const err = await failureOf(createHttpPoller(httpConfig(`${endpoint.origin}/now.json`)).read(poll()));
    expect(err).toMatchObject({ code: ERROR_CODES.FEED_BAD_READING, message: `response from ${endpoint.origin}/now.json is not JSON: Unexpected end of JSON input` });

    endpoint.respond = (_req, res) => void res.type('html').send(`<html>${'<p>a long error page</p>'.repeat(200)}</html>`);
    const html = await failureOf(createHttpPoller(httpConfig(`${endpoint.origin}/now.json`)).read(poll()));
    expect(html.message).toMatch(new RegExp(`^response from ${endpoint.origin}/now\\.json is not JSON: Unexpected token '<'`));
    expect(html.message.length).toBeLessThan(250);
  });

  it('fails a bad reading, naming the field, when a path finds nothing or no number', async () => {
    const endpoint = await startEndpoint((_req, res) => void res.json({ current: { temp: 3 } }));
    const poller = createHttpPoller(httpConfig(`${endpoint.origin}/now.json`));
    expect(await failureOf(poller.read(poll()))).toMatchObject({
      code: ERROR_CODES.FEED_BAD_READING,
      message: 'field "temp": $.current.temperature matched nothing',
    });
    endpoint.respond = weather('warm');
    expect((await failureOf(poller.read(poll()))).message).toBe('field "temp": $.current.temperature is a string ("warm"), not a number');
  });

  it('reads a body of exactly 1 MiB, and refuses a larger one, declared or streamed without end', async () => {
    const padded = (bytes: number) => {
      const json = JSON.stringify({ current: { temperature: 1 }, daily: [{ max: 2 }, { max: 3 }] });
      return json + ' '.repeat(bytes - Buffer.byteLength(json));
    };
    const endpoint = await startEndpoint((_req, res) => void res.type('json').send(padded(MAX_RESPONSE_BYTES)));
    const poller = createHttpPoller(httpConfig(`${endpoint.origin}/now.json`));
    expect(await poller.read(poll())).toEqual({ temp: 1, tomorrowMax: 3 });

    endpoint.respond = (_req, res) => void res.type('json').send(padded(MAX_RESPONSE_BYTES + 1));
    expect(await failureOf(poller.read(poll()))).toMatchObject({ code: ERROR_CODES.FEED_BAD_READING, message: 'response is larger than 1 MiB' });

    // No Content-Length, and no end: only the cap stops the read.
    endpoint.respond = (_req, res) => {
      res.type('json').write('[');
      const chunk = Buffer.alloc(64 * 1024, ' ');
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    };
    expect(await failureOf(poller.read(poll()))).toMatchObject({ code: ERROR_CODES.FEED_BAD_READING, message: 'response is larger than 1 MiB' });
    await eventually(() => (endpoint.hungUp >= 1 ? true : undefined), 5_000, 'the endless response to be closed');
  });

  it('never shows the URL\'s credentials or query, or a header, in a message or a log', async () => {
    const endpoint = await startEndpoint(failing);
    const secretUrl = (origin: string) => `${origin.replace('//', '//me:s3cret@')}/now.json?key=t0ken`;
    const config = httpConfig(secretUrl(endpoint.origin), { headers: { Authorization: 'Bearer k3y-k3y', 'X-Api-Key': 'ap1-k3y' }, intervalMs: 1_000 });
    const poller = createHttpPoller(config);
    const messages: string[] = [];
    messages.push((await failureOf(poller.read(poll()))).message);
    endpoint.respond = (_req, res) => void res.type('json').send('not json');
    messages.push((await failureOf(poller.read(poll()))).message);
    endpoint.respond = (_req, res) => void res.json({});
    messages.push((await failureOf(poller.read(poll()))).message);

    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    endpoint.respond = failing;
    const { errors } = runFeed(createPolledFeed(createHttpPoller(config), config, log));
    await eventually(() => (lines.length > 0 ? true : undefined), 5_000, 'a log line');
    // A port nothing listens on, never connected to (a pooled connection would fail otherwise).
    const gone = await startEndpoint(failing);
    await gone.close();
    const refused = createHttpPoller(httpConfig(secretUrl(gone.origin), { headers: config.headers }));
    messages.push((await failureOf(refused.read(poll()))).message);

    expect(messages).toEqual([
      `HTTP 500 Internal Server Error from ${endpoint.origin}/now.json`,
      expect.stringMatching(new RegExp(`^response from ${endpoint.origin}/now\\.json is not JSON: `)),
      'field "temp": $.current.temperature matched nothing',
      `cannot reach ${gone.origin}/now.json: connect ECONNREFUSED ${gone.origin.slice('http://'.length)}`,
    ]);
    const shown = [...messages, ...errors.map((err) => err.message), ...lines].join('\n');
    expect(lines.join()).toContain(`HTTP 500 Internal Server Error from ${endpoint.origin}/now.json`);
    for (const secret of ['s3cret', 't0ken', 'k3y', 'Bearer', 'X-Api-Key']) expect(shown).not.toContain(secret);
  });

  it('times out a hanging endpoint through the poll loop, aborting the request', async () => {
    const endpoint = await startEndpoint(hanging);
    const config = httpConfig(`${endpoint.origin}/now.json`, { timeoutMs: 300 });
    const { hub, errors } = runFeed(createPolledFeed(createHttpPoller(config), config, pino({ level: 'silent' })));
    const status = await eventually(() => (hub.get('weather.oslo')?.status.state === 'error' ? hub.get('weather.oslo')?.status : undefined), 5_000, 'error');
    expect(status?.error).toBe('poll timed out after 300 ms');
    expect(errors[0]).toMatchObject({ code: ERROR_CODES.FEED_TIMEOUT });
    await eventually(() => (endpoint.hungUp >= 1 ? true : undefined), 5_000, 'the request to be aborted');
  });

  it('goes back to ok, publishing again, once the endpoint is fixed', async () => {
    const endpoint = await startEndpoint(failing);
    const config = httpConfig(`${endpoint.origin}/now.json`);
    // The schema's floor of a second is for real endpoints; the loop itself takes any interval.
    const { hub, errors } = runFeed(createPolledFeed(createHttpPoller(config), { intervalMs: 50, timeoutMs: 2_000 }, pino({ level: 'silent' })));
    const topic = () => hub.get('weather.oslo');
    await eventually(() => (topic()?.status.state === 'error' ? true : undefined), 5_000, 'error');
    expect(topic()?.status.error).toBe(`HTTP 500 Internal Server Error from ${endpoint.origin}/now.json`);
    expect(errors[0]).toMatchObject({ code: ERROR_CODES.FEED_UNREACHABLE });

    endpoint.respond = weather(18);
    await eventually(() => (topic()?.status.state === 'ok' ? true : undefined), 5_000, 'ok');
    expect(topic()?.status.failures).toBe(0);
    expect(topic()?.history.all(Date.now()).at(-1)?.values).toEqual({ temp: 18, tomorrowMax: 26.5 });
  });
});

describe('http feed, through the real app', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('streams the endpoint\'s readings to a viewer, and shows its failure and its recovery', async () => {
    const endpoint = await startEndpoint(weather(21.5));
    server = await startServer({
      server: { logLevel: 'silent' },
      feeds: [
        {
          kind: 'http',
          topic: 'weather.oslo',
          url: `${endpoint.origin}/now.json?key=t0ken`,
          intervalMs: 1_000,
          headers: { Authorization: 'Bearer k3y' },
          fields: [
            { name: 'temp', path: '$.current.temperature', unit: '°C' },
            { name: 'humidity', path: '$.current.humidity', unit: '%' },
          ],
        },
      ],
      dashboards: [{ id: 'wall', title: 'Weather', panels: [{ topic: 'weather.oslo', fields: ['temp'] }] }],
    });
    const socket = await server.connect();
    const samples: Sample[] = [];
    const statuses: TopicStatus[] = [];
    socket.on(EVENTS.dashboardUpdate, (batch) => samples.push(...batch.filter((s) => s.topic === 'weather.oslo')));
    socket.on(EVENTS.topicStatus, (event) => void (event.topic === 'weather.oslo' && statuses.push(event.status)));
    const ack = await socket.timeout(5000).emitWithAck(EVENTS.subscribe, { topics: ['weather.oslo'] });
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.topics[0]?.meta).toMatchObject({ kind: 'http', title: 'Oslo', intervalMs: 1_000 });
    const seen = () => [...(ack.topics[0]?.history ?? []), ...samples];

    expect(await eventually(() => seen()[0]?.values, 10_000, 'a sample')).toEqual({ temp: 21.5, humidity: 63 });
    expect(endpoint.requests[0]?.headers.authorization).toBe('Bearer k3y');

    endpoint.respond = failing;
    const failed = await eventually(() => statuses.find((status) => status.state === 'error'), 10_000, 'an error status');
    expect(failed.error).toBe(`HTTP 500 Internal Server Error from ${endpoint.origin}/now.json`);

    endpoint.respond = weather(-3);
    await eventually(() => (statuses.at(-1)?.state === 'ok' ? true : undefined), 10_000, 'the status to clear');
    expect(await eventually(() => seen().find((s) => s.values.temp === -3)?.values, 10_000, 'a sample after recovery')).toEqual({ temp: -3, humidity: 63 });
    expect(server.app.hub.get('weather.oslo')?.status).toMatchObject({ state: 'ok', failures: 0 });
  });
});
