import { describe, expect, it } from 'vitest';
import { problemsOf } from '../helpers/configs';

const FEEDS = [
  { kind: 'stock', topic: 'stocks.ACME' },
  { kind: 'stock', topic: 'stocks.GLOBEX' },
  { kind: 'sensor', topic: 'greenhouse.east', fields: [{ name: 'temp', unit: '°C', mean: 20 }] },
  { kind: 'mqtt', url: 'mqtt://127.0.0.1:1883', subscribe: 'ci/+/build', topic: 'build.{1}', fields: [{ name: 'minutes', path: '$.m' }] },
];

function withPanels(panels: unknown[]): unknown {
  return { feeds: FEEDS, dashboards: [{ id: 'wall', title: 'Wall', panels }] };
}

describe('panel types in the config', () => {
  it('takes every type with what it needs', () => {
    expect(
      problemsOf(
        withPanels([
          { type: 'text', title: 'Hello', text: 'Plain text.' },
          { type: 'gauge', topic: 'greenhouse.east', min: 0, max: 40, thresholds: { warn: 30, critical: 35 } },
          { type: 'table', topics: ['stocks.*'], fields: ['price', 'volume'], sortBy: 'price', sortOrder: 'asc', limit: 5 },
          { type: 'table', topic: 'stocks.ACME', sortBy: 'title' },
          { type: 'status', topics: ['greenhouse.*', 'stocks.ACME', 'build.*'] },
        ]),
      ),
    ).toEqual([]);
  });

  it('says a gauge needs min and max, in order', () => {
    expect(problemsOf(withPanels([{ type: 'gauge', topic: 'greenhouse.east' }]))).toEqual([
      'dashboards[0].panels[0].min: a "gauge" panel needs "min", where its arc starts',
      'dashboards[0].panels[0].max: a "gauge" panel needs "max", where its arc ends',
    ]);
    expect(problemsOf(withPanels([{ type: 'gauge', topic: 'greenhouse.east', min: 10, max: 10 }]))).toEqual(['dashboards[0].panels[0].max: must be more than "min" (10)']);
  });

  it('says which keys a type takes', () => {
    expect(
      problemsOf(
        withPanels([
          { type: 'text' },
          { type: 'text', text: 'x', topic: 'stocks.ACME' },
          { type: 'line', topics: ['stocks.*'] },
          { type: 'status' },
          { type: 'table', topic: 'stocks.ACME', topics: ['stocks.*'] },
          { type: 'line', topic: 'stocks.ACME', limit: 3, text: 'x' },
        ]),
      ),
    ).toEqual(
      expect.arrayContaining([
        'dashboards[0].panels[0].text: a "text" panel needs "text", the paragraph it shows',
        'dashboards[0].panels[1].topic: a "text" panel shows no topic',
        'dashboards[0].panels[2].topic: a "line" panel needs "topic"',
        'dashboards[0].panels[2].topics: "topics" is for "table" and "status" panels; a "line" panel shows one "topic"',
        'dashboards[0].panels[3].topic: a "status" panel needs "topic" or "topics"',
        'dashboards[0].panels[4].topics: give "topic" or "topics", not both',
        'dashboards[0].panels[5].limit: "limit" is for "table" panels',
        'dashboards[0].panels[5].text: "text" is for "text" panels',
      ]),
    );
  });

  it('checks glob syntax', () => {
    expect(problemsOf(withPanels([{ type: 'status', topics: ['stocks..*', 'stocks/#', 'ok.name', 'x.**.***'] }]))).toEqual(
      expect.arrayContaining([
        'dashboards[0].panels[0].topics[3]: "*" matches within a word and "**" across words; "***" means nothing more',
        'dashboards[0].panels[0].topics[0]: must not have an empty word (two dots in a row, or a dot at either end)',
        'dashboards[0].panels[0].topics[1]: must be a topic name, or a glob such as "greenhouse.*"',
        'dashboards[0].panels[0].topics[2]: unknown topic "ok.name": no feed publishes it',
      ]),
    );
    expect(problemsOf(withPanels([{ type: 'status', topics: ['stocks/#'] }]))).toHaveLength(1);
  });

  it('refuses a glob that no feed publishes a topic for, nor can at run time; one an MQTT template may match is fine', () => {
    const problems = problemsOf(withPanels([{ type: 'status', topics: ['greenhouse.*', 'build.*', 'builds.*', 'stocks.*.x'] }]));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      'dashboards[0].panels[0].topics[2]: "builds.*" matches no topic: no feed publishes one, and none can at run time (feeds publish "stocks.ACME", "stocks.GLOBEX", "greenhouse.east", "build.*")',
    );
    expect(problems[1]).toMatch(/^dashboards\[0\]\.panels\[0\]\.topics\[3\]: "stocks\.\*\.x" matches no topic/);
  });

  it('checks the fields and sortBy of a panel over many topics against what they publish', () => {
    expect(problemsOf(withPanels([{ type: 'table', topics: ['stocks.*', 'greenhouse.*'], fields: ['price', 'temp', 'nope'], sortBy: 'speed' }]))).toEqual([
      'dashboards[0].panels[0].fields[2]: its topics have no field "nope"; they have "price", "changePct", "volume", "temp"',
      'dashboards[0].panels[0].sortBy: cannot sort by "speed": it is "title" or a field, "price", "changePct", "volume", "temp"',
    ]);
  });
});
