import { describe, expect, it } from 'vitest';
import { isTopicGlob, topicGlobProblem, topicGlobRegExp, topicGlobsOverlap, topicMatcher } from '../../src/protocol';
import { templateGlob } from '../../src/feeds/mqtt/topic-mapping';

describe('topic globs', () => {
  it('"*" matches within one word, "**" across words', () => {
    const one = topicGlobRegExp('greenhouse.*');
    expect(one.test('greenhouse.east')).toBe(true);
    expect(one.test('greenhouse.east.roof')).toBe(false);
    expect(one.test('greenhouses.east')).toBe(false);
    expect(one.test('greenhouse')).toBe(false);
    const deep = topicGlobRegExp('greenhouse.**');
    expect(deep.test('greenhouse.east.roof')).toBe(true);
    expect(deep.test('greenhouse.east')).toBe(true);
    const inside = topicGlobRegExp('stocks.A*');
    expect(inside.test('stocks.ACME')).toBe(true);
    expect(inside.test('stocks.GLOBEX')).toBe(false);
    // Regex characters in a name are literal: "-" and "." match only themselves.
    expect(topicGlobRegExp('a-b.*').test('a-b.c')).toBe(true);
    expect(topicGlobRegExp('a.b*').test('aXb')).toBe(false);
  });

  it('matches a list of names and globs', () => {
    const matches = topicMatcher(['greenhouse.*', 'stocks.ACME']);
    expect(['greenhouse.east', 'stocks.ACME', 'stocks.GLOBEX', 'greenhouse'].map(matches)).toEqual([true, true, false, false]);
    expect(topicMatcher([])('anything')).toBe(false);
    expect(isTopicGlob('build.*')).toBe(true);
    expect(isTopicGlob('build.api')).toBe(false);
  });

  it('says what is wrong with a malformed glob', () => {
    expect(topicGlobProblem('build.*')).toBeUndefined();
    expect(topicGlobProblem('**')).toBeUndefined();
    expect(topicGlobProblem('')).toMatch(/empty/);
    expect(topicGlobProblem('build..*')).toMatch(/empty word/);
    expect(topicGlobProblem('.build')).toMatch(/empty word/);
    expect(topicGlobProblem('build.***')).toMatch(/"\*\*\*"/);
    expect(topicGlobProblem('build/+')).toMatch(/letters, digits/);
    expect(topicGlobProblem('build.[ab]')).toMatch(/letters, digits/);
    expect(topicGlobProblem(`${'a'.repeat(200)}.*`)).toMatch(/at most 128/);
  });

  it('tells whether two globs can match a common topic', () => {
    expect(topicGlobsOverlap('greenhouse.*', 'greenhouse.*')).toBe(true);
    expect(topicGlobsOverlap('greenhouse.*', 'greenhouse.east')).toBe(true);
    expect(topicGlobsOverlap('greenhouse.*', 'greenhouse.east.roof')).toBe(false);
    expect(topicGlobsOverlap('greenhouse.**', 'greenhouse.*.roof')).toBe(true);
    expect(topicGlobsOverlap('build.*', 'stocks.*')).toBe(false);
    expect(topicGlobsOverlap('*.cpu', 'hosts.*.cpu')).toBe(false);
    expect(topicGlobsOverlap('**.cpu', 'hosts.*.cpu')).toBe(true);
    expect(topicGlobsOverlap('dev-*', 'dev*-x')).toBe(true);
    expect(topicGlobsOverlap('a*', 'b*')).toBe(false);
  });

  it('turns an MQTT topic template into the glob of what it can publish', () => {
    expect(templateGlob('greenhouse/+/climate', 'greenhouse.{1}')).toBe('greenhouse.*');
    expect(templateGlob('plant/#', 'plant.{1}')).toBe('plant.**');
    expect(templateGlob('a/+/b/+', 'x.{2}.{1}')).toBe('x.*.*');
  });
});
