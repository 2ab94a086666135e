'use strict';
// app/graceful-init.cjs of the portable build: runs the bundle (app/init.cjs) with the V8 code
// cache made for it at build time (app/init.cjs.cache), so the init's start-up does not compile
// what it runs every time. The cache is only read: a cache V8 rejects (another Node, other flags)
// costs one compile, as without it. `npm run dist` makes the cache with GRACEFUL_INIT_PORTABLE_MAKE_CACHE.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script, constants } = require('node:vm');

const file = join(__dirname, 'init.cjs');
const cacheFile = `${file}.cache`;
const makeCache = process.env.GRACEFUL_INIT_PORTABLE_MAKE_CACHE === '1';
let cachedData;
if (!makeCache) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compile
  }
}
const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
const script = new Script(wrapped, {
  filename: file,
  cachedData,
  // The bundle's import() of node:http, node:net and execa.
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, __dirname);
// What ran synchronously at start-up is compiled now: that is what the cache should hold.
if (makeCache) writeFileSync(cacheFile, script.createCachedData());
