import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A feed kind's tests live in its folder (src/feeds/<kind>/); the rest mirror src/ under test/.
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: browser tests and servers on port 0 contend less when files run two at a time.
    maxWorkers: 2,
  },
});
