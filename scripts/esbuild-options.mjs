// esbuild options shared by every bundle this project makes.

/** Node code (the server, the benches): dependencies stay in node_modules. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

/** Browser code: the wall and `livewall/client` target the same browsers. */
export const BROWSER_BUNDLE = {
  bundle: true,
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  format: 'esm',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};
