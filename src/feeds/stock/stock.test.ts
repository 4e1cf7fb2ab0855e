import { describe, expect, it } from 'vitest';
import type { SampleValues } from '../../protocol';
import { stockFeedSchema, type StockFeedConfig } from './schema';
import { createStockPoller } from './stock-feed';

function stockConfig(extra: Record<string, unknown> = {}): StockFeedConfig {
  return stockFeedSchema.parse({ kind: 'stock', topic: 'stocks.ACME', ...extra });
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
      const feed = createStockPoller(stockConfig({ seed }));
      return readMany((now) => feed.read({ signal, now }), 50);
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });

  it('walks geometrically: log returns have the configured mean and volatility', async () => {
    const feed = createStockPoller(stockConfig({ seed: 42, drift: 0.001, volatility: 0.01, startPrice: 50 }));
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
    const feed = createStockPoller(stockConfig({ seed: 1, startPrice: 200 }));
    const values = await feed.read({ signal, now: 0 });
    expect(values.changePct).toBeCloseTo((((values.price as number) - 200) / 200) * 100, 2);
    expect(Number.isInteger(values.volume)).toBe(true);
    expect(values.volume).toBeGreaterThan(0);
    expect(feed.meta).toMatchObject({ topic: 'stocks.ACME', title: 'ACME', kind: 'stock' });
  });
});

