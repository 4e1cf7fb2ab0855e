import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load';
import type { SensorFeedConfig, StockFeedConfig } from '../../../src/config/schema';
import { createRandom } from '../../../src/feeds/simulated/random';
import { createSensorFeed, sensorReading } from '../../../src/feeds/simulated/sensor';
import { createStockFeed } from '../../../src/feeds/simulated/stock';
import type { SampleValues } from '../../../src/protocol';

const HOUR = 3_600_000;

function stockConfig(extra: Record<string, unknown> = {}): StockFeedConfig {
  return parseConfig({ feeds: [{ kind: 'stock', topic: 'stocks.ACME', ...extra }] }).feeds[0] as StockFeedConfig;
}

async function readMany(read: (now: number) => Promise<SampleValues>, count: number, step = 1000): Promise<SampleValues[]> {
  const out: SampleValues[] = [];
  for (let i = 0; i < count; i += 1) out.push(await read(i * step));
  return out;
}

const signal = new AbortController().signal;

describe('simulated stock', () => {
  it('is deterministic for a seed, and differs between seeds', async () => {
    const run = (seed: number) => {
      const feed = createStockFeed(stockConfig({ seed }));
      return readMany((now) => feed.read({ signal, now }), 50);
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });

  it('walks geometrically: log returns have the configured mean and volatility', async () => {
    const feed = createStockFeed(stockConfig({ seed: 42, drift: 0.001, volatility: 0.01, startPrice: 50 }));
    const prices = (await readMany((now) => feed.read({ signal, now }), 5000)).map((v) => v.price as number);
    const returns = prices.slice(1).map((p, i) => Math.log(p / (prices[i] as number)));
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
    expect(prices.every((p) => p > 0)).toBe(true);
    expect(sd).toBeGreaterThan(0.009);
    expect(sd).toBeLessThan(0.011);
    expect(mean).toBeGreaterThan(0.001 - 0.0005);
    expect(mean).toBeLessThan(0.001 + 0.0005);
  });

  it('reports change % from the start price and a positive whole volume', async () => {
    const feed = createStockFeed(stockConfig({ seed: 1, startPrice: 200 }));
    const values = await feed.read({ signal, now: 0 });
    expect(values.changePct).toBeCloseTo((((values.price as number) - 200) / 200) * 100, 2);
    expect(Number.isInteger(values.volume)).toBe(true);
    expect(values.volume).toBeGreaterThan(0);
    expect(feed.meta).toMatchObject({ topic: 'stocks.ACME', title: 'ACME', kind: 'stock' });
  });
});

describe('simulated sensor', () => {
  const config = parseConfig({
    feeds: [
      {
        kind: 'sensor',
        topic: 'sensors.greenhouse',
        seed: 3,
        fields: [
          { name: 'temperature', mean: 20, amplitude: 5, peakHour: 15 },
          { name: 'humidity', mean: 95, amplitude: 10, noise: 2, min: 0, max: 100 },
        ],
      },
    ],
  }).feeds[0] as SensorFeedConfig;

  it('follows a daily cycle that peaks at peakHour and bottoms twelve hours later', () => {
    const field = config.fields[0];
    if (!field) throw new Error('fixture has a field');
    const random = createRandom(1);
    expect(sensorReading(field, 15 * HOUR, random)).toBeCloseTo(25, 5);
    expect(sensorReading(field, 3 * HOUR, random)).toBeCloseTo(15, 5);
    expect(sensorReading(field, 9 * HOUR, random)).toBeCloseTo(20, 5);
  });

  it('clamps to min/max, and is deterministic for a seed', async () => {
    const a = createSensorFeed(config);
    const b = createSensorFeed(config);
    const readingsA = await readMany((now) => a.read({ signal, now }), 1440, 60_000);
    const readingsB = await readMany((now) => b.read({ signal, now }), 1440, 60_000);
    expect(readingsA).toEqual(readingsB);
    expect(readingsA.every((v) => (v.humidity as number) <= 100)).toBe(true);
    expect(readingsA.some((v) => v.humidity === 100)).toBe(true);
  });

  it('spikes rarely, at about the configured chance', () => {
    const base = config.fields[0];
    if (!base) throw new Error('fixture has a field');
    const field = { ...base, amplitude: 0, spikeChance: 0.02, spikeSize: 50 };
    const random = createRandom(9);
    const readings = Array.from({ length: 10_000 }, (_, i) => sensorReading(field, i * 1000, random));
    const spikes = readings.filter((v) => v > 60).length;
    expect(spikes).toBeGreaterThan(100);
    expect(spikes).toBeLessThan(300);
  });
});
