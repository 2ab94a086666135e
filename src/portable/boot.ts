// The portable build's app/graceful-init.cjs, which the launcher runs: it compiles the start
// bundle with the V8 code cache made for it at build time, then runs it. The cache holds the
// functions the start path compiled on its way to the spawn, so V8 need not compile them again
// (3.4 ms of every start, src/portable/build/lib/targets.ts). A cache V8 refuses (another Node,
// other flags) costs nothing but that gain: V8 then compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { CODE_CACHE_FILE, CODE_CACHE_VARIABLE, START_BUNDLE } from './code-cache.js';

const file = join(__dirname, START_BUNDLE);
const cacheFile = join(__dirname, CODE_CACHE_FILE);
// Build and test only: `write` makes the cache, `check` says whether V8 takes it.
const mode = process.env[CODE_CACHE_VARIABLE];
delete process.env[CODE_CACHE_VARIABLE];

/** The start bundle compiled with the cache; nothing keeps the cache's 80 KB once V8 has read it. */
function compile(): { script: Script; cache: 'accepted' | 'rejected' | 'missing' } {
  let cachedData: Buffer | undefined;
  try {
    if (mode !== 'write') cachedData = readFileSync(cacheFile);
  } catch {
    // no cache (a build for another architecture): compile as usual
  }
  // The wrapper CommonJS puts around a module, so the bundle sees the usual five names.
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapper, { filename: file, ...(cachedData && { cachedData }) });
  // V8 has read it: detaching frees its 80 KB now, not at some later GC (anonymous memory).
  (cachedData?.buffer as { transfer?: (length: number) => ArrayBuffer } | undefined)?.transfer?.(0);
  return { script, cache: cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted' };
}
const { script, cache } = compile();

if (mode === 'check') {
  process.stdout.write(`${JSON.stringify({ codeCache: cache })}\n`);
} else {
  const startModule = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(startModule.exports, require, startModule, file, __dirname);
  // The start path runs to the spawn without yielding (src/main.ts): by the next turn every
  // function it needs is compiled. The build runs the init with a child that outlives this.
  if (mode === 'write') setImmediate(() => writeFileSync(cacheFile, script.createCachedData()));
}
