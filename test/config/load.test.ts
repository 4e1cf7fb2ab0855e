import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/json-schema';
import { loadConfig, parseConfig, type ConfigError } from '../../src/config/load';
import { ERROR_CODES } from '../../src/errors';
import { problemsOf } from '../helpers/configs';

describe('config validation', () => {
  it('lists every problem with its JSON path, not only the first', () => {
    const problems = problemsOf({
      server: { port: 'x', bogus: 1 },
      feeds: [
        { kind: 'stock', topic: 'stocks.A', intervalMs: 5 },
        { kind: 'nope', topic: 'x' },
        { kind: 'system', topic: 'stocks.A', metric: 'gpu' },
      ],
      dashboards: [{ id: 'Bad Id', title: 't', panels: [{ topic: 'nope.x' }] }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'server.port: must be a number, got string "x"',
        'server: unknown key(s) "bogus"',
        'feeds[0].intervalMs: must be ≥ 100, got 5',
        'feeds[1].kind: must be one of "system", "stock", "sensor", "push", "http", "mqtt", got "nope"',
        'feeds[2].metric: must be one of "cpu", "memory", "network", "disk", "load", "temperature", got "gpu"',
        'feeds[2].topic: duplicate topic "stocks.A"',
        'dashboards[0].id: must be lower-case letters, digits and "-"',
        'dashboards[0].panels[0].topic: unknown topic "nope.x": no feed publishes it',
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('rejects a config that is not an object, or has no feeds', () => {
    expect(problemsOf([])).toEqual(['(root): must be an object, got an array']);
    expect(problemsOf({})).toEqual(['feeds: is required (array)']);
    expect(problemsOf({ feeds: [] })).toEqual(['feeds: must have at least 1 item(s)']);
  });

  it('applies defaults from the schema and freezes the result', () => {
    const config = parseConfig({ feeds: [{ kind: 'stock', topic: 'stocks.ACME' }] });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 3000, logLevel: 'info', history: { maxSamples: 600, maxAgeMs: 900_000 } });
    expect(config.server).toMatchObject({ allowedOrigins: [], viewerTokens: [], sourceMaps: false, limits: { maxConnections: 10_000, maxConnectionsPerAddress: 50, maxEventsPerSecond: 20 } });
    expect(config.feeds[0]).toMatchObject({ intervalMs: 1000, timeoutMs: 10_000, startPrice: 100 });
    expect(config.dashboards).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.feeds[0])).toBe(true);
  });

  it('checks that panels plot fields their topic publishes, once the rest is valid', () => {
    const problems = problemsOf({
      feeds: [
        { kind: 'stock', topic: 'stocks.ACME' },
        { kind: 'system', topic: 'system.cpu', metric: 'cpu' },
        { kind: 'sensor', topic: 'sensors.a', fields: [{ name: 'temperature', mean: 20 }] },
      ],
      dashboards: [
        {
          id: 'wall',
          title: 'Wall',
          panels: [
            { topic: 'stocks.ACME', fields: ['price', 'prize'] },
            { topic: 'system.cpu', fields: ['totl'] },
            { topic: 'sensors.a', fields: ['temperature'] },
          ],
        },
      ],
    });
    expect(problems).toEqual([
      'dashboards[0].panels[0].fields[1]: "stocks.ACME" has no field "prize"; it has "price", "changePct", "volume"',
      'dashboards[0].panels[1].fields[0]: "system.cpu" has no field "totl"; it has "total", "user", "system"',
    ]);
  });

  it('replaces ${VAR} from the environment, lists every variable that is not set, and hides the values it put in', () => {
    const env = { BUILD_TOKEN: 'build-token-from-the-env-42', SYMBOL: 'ACME' };
    const feeds = (token: string) => [
      { kind: 'push', topic: 'build.queue', fields: [{ name: 'depth' }], token },
      { kind: 'stock', topic: 'stocks.x', symbol: '${SYMBOL}', title: 'Price of $${SYMBOL}' },
    ];
    const config = parseConfig({ feeds: feeds('${BUILD_TOKEN}') }, { env });
    expect(config.feeds[0]).toMatchObject({ token: 'build-token-from-the-env-42' });
    expect(config.feeds[1]).toMatchObject({ symbol: 'ACME', title: 'Price of ${SYMBOL}' });

    let error: ConfigError | undefined;
    try {
      parseConfig({ server: { host: '${NOPE_HOST}' }, feeds: feeds('${NOPE_TOKEN}') }, { env });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.problems).toEqual([
      'server.host: environment variable NOPE_HOST is not set (named as ${NOPE_HOST})',
      'feeds[0].token: environment variable NOPE_TOKEN is not set (named as ${NOPE_TOKEN})',
    ]);
    // A secret in the wrong place is refused without being repeated.
    const leaked = (() => {
      try {
        parseConfig({ server: { port: '${BUILD_TOKEN}' }, feeds: feeds('${BUILD_TOKEN}') }, { env });
      } catch (err) {
        return (err as ConfigError).message;
      }
      return '';
    })();
    expect(leaked).toContain('server.port: must be a number, got string "***"');
    expect(leaked).not.toContain('build-token-from-the-env-42');
  });

  it('refuses a __proto__ key as an unknown key rather than taking it as a prototype', () => {
    expect(problemsOf(JSON.parse('{ "feeds": [{ "kind": "stock", "topic": "s.a" }], "__proto__": { "polluted": 1 } }'))).toEqual([
      '(root): unknown key(s) "__proto__"',
    ]);
  });

  it('rejects an unknown IANA time zone', () => {
    expect(problemsOf({ server: { timeZone: 'Mars/Olympus' }, feeds: [{ kind: 'stock', topic: 's.a' }] })).toEqual([
      'server.timeZone: must be an IANA time zone such as "Europe/Berlin"',
    ]);
  });
});

describe('config files', () => {
  it('reports unreadable files and bad JSON with their codes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-'));
    await expect(loadConfig(path.join(dir, 'missing.json'))).rejects.toMatchObject({ code: ERROR_CODES.CONFIG_UNREADABLE });
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n  "feeds": [,]\n}');
    await expect(loadConfig(file)).rejects.toMatchObject({ code: ERROR_CODES.CONFIG_NOT_JSON });
  });

  it('says at which line and column a hand-edited file stops being JSON, and why, without quoting it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-'));
    const file = path.join(dir, 'typo.json');
    const good = JSON.stringify({ feeds: [{ kind: 'push', topic: 'build.queue', fields: [{ name: 'depth' }], token: 'secret-token-0123456789' }] }, null, 2);
    const problemOf = async (text: string): Promise<string> => {
      await writeFile(file, text);
      const err = (await loadConfig(file).catch((e: unknown) => e)) as ConfigError;
      expect(err.code).toBe(ERROR_CODES.CONFIG_NOT_JSON);
      expect(err.problems).toHaveLength(1);
      expect(err.problems.join()).not.toContain('secret-token');
      return err.problems[0] ?? '';
    };
    // Line 5 of `good` is `      "topic": "build.queue",`, line 11 `      "token": "secret-token-…"`.
    expect(await problemOf(good.replace('"build.queue"', 'build.queue'))).toBe(
      'not valid JSON: Unexpected token "b" at line 5, column 16 (a string without quotes?)',
    );
    expect(await problemOf(good.replace('"push"', "'push'"))).toMatch(/^not valid JSON: .* at line 4, column 15 \(JSON strings take double quotes\)$/);
    expect(await problemOf(good.replace('"depth"\n        }\n      ]', '"depth"\n        },\n      ]'))).toMatch(/^not valid JSON: .* at line 10, column 7 \(a comma before a closing bracket: JSON allows none\)$/);
    expect(await problemOf(good.replace('"token"', '// the token\n      "token"'))).toMatch(/^not valid JSON: .* at line 11, column 7 \(JSON has no comments\)$/);
    expect(await problemOf(good.replace('"depth"\n', '"depth"\n          "unit": "jobs"\n'))).toMatch(/^not valid JSON: Expected ',' or '\}' after property value at line 9, column 11$/);
    expect(await problemOf(good.slice(0, good.indexOf('secret-token') + 6))).toMatch(/^not valid JSON: .* at line 11, column 23 \(the file ends there\)$/);
    expect(await problemOf(good.slice(0, good.lastIndexOf('}')))).toBe(
      'not valid JSON: Expected \',\' or \'}\' after property value at line 13, column 4 (the file ends there)',
    );
    expect(await problemOf('{\n  "feeds": [\n')).toBe('not valid JSON: Unexpected end of JSON input at line 2, column 13 (the file ends there)');
    expect(await problemOf('\n')).toBe('not valid JSON: the file is empty');
  });

  it('reads a file saved with a UTF-8 byte-order mark, as Notepad saves it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'livewall-'));
    const file = path.join(dir, 'bom.json');
    await writeFile(file, `\uFEFF${JSON.stringify({ feeds: [{ kind: 'stock', topic: 'stocks.ACME' }] })}`);
    expect((await loadConfig(file)).feeds[0]?.topic).toBe('stocks.ACME');
  });

  it('ships a valid default config and example configs', async () => {
    const config = await loadConfig('config/default.json');
    const topics = config.feeds.map((feed) => feed.topic);
    expect(topics).toEqual(expect.arrayContaining(['system.cpu', 'system.memory', 'system.network', 'system.disk', 'system.load']));
    expect(topics.filter((t) => t.startsWith('stocks.')).length).toBeGreaterThanOrEqual(3);
    expect(topics.filter((t) => t.startsWith('sensors.')).length).toBeGreaterThanOrEqual(2);
    const examples = (await readdir('config/examples')).filter((name) => name.endsWith('.json'));
    expect(examples.sort()).toEqual(['cluster.json', 'http.json', 'mqtt.json', 'push.json', 'simulated.json']);
    for (const name of examples) {
      const example = await loadConfig(path.join('config/examples', name), { LIVEWALL_BUILD_TOKEN: 'example-token-0123456789' });
      expect(example.dashboards.length).toBeGreaterThan(0);
    }
  });

  it('keeps config/schema.json in step with the zod schema (regenerate: npm run config:schema)', async () => {
    const committed = JSON.parse(await readFile('config/schema.json', 'utf8')) as unknown;
    expect(committed).toEqual(configJsonSchema());
  });
});
