#!/usr/bin/env node
// Thin on purpose: the whole init is one CommonJS bundle (dist/graceful-init.cjs, `npm run build`).
// One file, and CommonJS rather than ESM, because Node's ESM loader costs ~10 ms and ~2 MB at
// every container start (bench/RESULTS.md). bin/package.json makes this file CommonJS.
require('../dist/graceful-init.cjs');
