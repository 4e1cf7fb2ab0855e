import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors';
import { jsonPathSchema, readJsonFields } from '../../src/feeds/json-fields';
import { sourceUrl } from '../../src/feeds/source-url';

describe('readJsonFields', () => {
  const weather = { current: { temperature: 21.5, humidity: '63', raining: false, wind: null, station: 'Blindern' }, list: [{ v: 1 }, { v: 2 }] };

  it('reads numbers, numeric strings, booleans and null by JSONPath', () => {
    expect(
      readJsonFields(weather, [
        { name: 'temp', path: '$.current.temperature' },
        { name: 'humidity', path: '$.current.humidity' },
        { name: 'raining', path: '$.current.raining' },
        { name: 'wind', path: '$.current.wind' },
        { name: 'second', path: '$.list[1].v' },
      ]),
    ).toEqual({ temp: 21.5, humidity: 63, raining: 0, wind: null, second: 2 });
  });

  it('takes the document itself as the number when a field has no path', () => {
    expect(readJsonFields(42.5, [{ name: 'level' }])).toEqual({ level: 42.5 });
  });

  it('fails the whole reading, naming the field, when a path matches nothing or finds no number', () => {
    expect(() => readJsonFields(weather, [{ name: 'temp', path: '$.current.temp' }])).toThrow('field "temp": $.current.temp matched nothing');
    expect(() => readJsonFields(weather, [{ name: 'station', path: '$.current.station' }])).toThrow(
      'field "station": $.current.station is a string ("Blindern"), not a number',
    );
    expect(() => readJsonFields(weather, [{ name: 'all', path: '$.current' }])).toThrow('is an object, not a number');
    expect(() => readJsonFields({ a: 1 }, [{ name: 'level' }])).toThrow('field "level": the payload is an object, not a number');
    let thrown: unknown;
    try {
      readJsonFields(weather, [{ name: 'x', path: '$.nope' }]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: ERROR_CODES.FEED_BAD_READING });
  });

  it('accepts only paths that start at the root', () => {
    expect(jsonPathSchema.safeParse('$.a.b').success).toBe(true);
    expect(jsonPathSchema.safeParse('a.b').success).toBe(false);
  });
});

describe('sourceUrl', () => {
  it('leaves credentials and the query out', () => {
    expect(sourceUrl('https://me:pw@api.example/now.json?key=s3cret')).toBe('https://api.example/now.json');
    expect(sourceUrl('mqtt://user:secret@127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(sourceUrl('not a url')).toBe('(a malformed URL)');
  });
});
