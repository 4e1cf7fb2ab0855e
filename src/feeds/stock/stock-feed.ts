import type { Poller } from '../feed';
import { createRandom } from '../random';
import { lastWordOf } from '../topic-title';
import { STOCK_FIELDS } from './fields';
import type { StockFeedConfig } from './schema';

/**
 * A simulated stock: price follows a geometric random walk with drift and
 * volatility per tick; volume grows with the size of the move.
 * Fields: `price`, `changePct` (since the first tick), `volume` (this tick).
 */
export function createStockPoller(config: StockFeedConfig): Poller {
  const random = createRandom(config.seed);
  const symbol = config.symbol ?? lastWordOf(config.topic);
  const { drift, volatility, startPrice, baseVolume } = config;
  let price = startPrice;

  return {
    meta: {
      topic: config.topic,
      title: config.title ?? symbol,
      kind: 'stock',
      // No topic-wide unit: price is in $, change in %, volume in shares (see STOCK_FIELDS).
      intervalMs: config.intervalMs,
      fields: STOCK_FIELDS,
    },
    async read() {
      const shock = random.normal();
      // Itô correction keeps `drift` the mean log return, as documented.
      price *= Math.exp(drift - (volatility * volatility) / 2 + volatility * shock);
      const volume = Math.round(baseVolume * Math.exp(0.5 * random.normal()) * (1 + Math.abs(shock)));
      return {
        price: round(price, 4),
        changePct: round(((price - startPrice) / startPrice) * 100, 4),
        volume,
      };
    },
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
