// esbuild options shared by every bundle this project makes.

/** The browsers the wall display and the plain-page client support. */
const BROWSERS = ['chrome100', 'firefox100', 'safari15'];

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

/** Browser code: the wall, and the `/livewall-client.js` a plain page imports. Dependencies are bundled in. */
export const BROWSER_BUNDLE = {
  bundle: true,
  platform: 'browser',
  target: BROWSERS,
  format: 'esm',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};

/**
 * A package for browsers and Node (`@livewall/client`). Its dependencies stay imports, so
 * Node resolves socket.io-client's Node build and an app's bundler its browser build.
 * Not minified: the app's bundler does that, and a stack trace stays readable.
 */
export const PACKAGE_BUNDLE = {
  bundle: true,
  platform: 'neutral',
  target: [...BROWSERS, 'node20'],
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};
