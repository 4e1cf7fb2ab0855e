import type { ConfigInput } from '../../src/config/schema';

type FeedInput = ConfigInput['feeds'][number];

/**
 * `count` simulated feeds, alternating stocks (price, changePct, volume) and sensors
 * (temperature, humidity), all seeded so every run publishes the same values.
 * Topics are `stocks.S0`, `sensors.S1`, `stocks.S2`, …
 */
export function simulatedFeeds(count: number, intervalMs: number): FeedInput[] {
  return Array.from({ length: count }, (_, i): FeedInput =>
    i % 2 === 0
      ? { kind: 'stock', topic: `stocks.S${i}`, intervalMs, seed: i + 1, startPrice: 50 + i * 10 }
      : {
          kind: 'sensor',
          topic: `sensors.S${i}`,
          intervalMs,
          seed: i + 1,
          fields: [
            { name: 'temperature', unit: '°C', mean: 22, amplitude: 5, noise: 0.3 },
            { name: 'humidity', unit: '%', mean: 55, amplitude: -8, noise: 0.6, min: 0, max: 100 },
          ],
        },
  );
}
