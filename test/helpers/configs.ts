import { ConfigError, parseConfig } from '../../src/config/load';
import type { ConfigInput } from '../../src/config/schema';

/** A fast, fully simulated config: no machine stats, so results do not depend on the host. */
export function simulatedConfig(overrides: Partial<ConfigInput> = {}): ConfigInput {
  return {
    server: { logLevel: 'silent' },
    // In memory: test files run in parallel and must not share ./data/livewall.db.
    storage: false,
    feeds: [
      { kind: 'stock', topic: 'stocks.ACME', intervalMs: 100, seed: 1 },
      { kind: 'stock', topic: 'stocks.GLOBEX', intervalMs: 100, seed: 2 },
      {
        kind: 'sensor',
        topic: 'sensors.greenhouse',
        intervalMs: 100,
        seed: 3,
        fields: [
          { name: 'temperature', unit: '°C', mean: 24, amplitude: 6, noise: 0.2 },
          { name: 'humidity', unit: '%', mean: 60, amplitude: -10, noise: 0.5, min: 0, max: 100 },
        ],
      },
    ],
    dashboards: [
      {
        id: 'wall',
        title: 'Test wall',
        panels: [
          { topic: 'stocks.ACME', type: 'stat', fields: ['price'] },
          { topic: 'stocks.GLOBEX', type: 'line', fields: ['price'] },
          { topic: 'sensors.greenhouse', type: 'line' },
        ],
      },
    ],
    ...overrides,
  };
}

/** The problems `parseConfig` lists for a config: none when it takes it. */
export function problemsOf(raw: unknown): readonly string[] {
  try {
    parseConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
