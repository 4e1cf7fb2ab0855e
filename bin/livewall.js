#!/usr/bin/env node
// The CLI is TypeScript bundled by `npm run build` (scripts/build.mjs) into dist/server.
import '../dist/server/main.js';
