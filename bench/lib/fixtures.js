// Compiles the C fixtures of bench/c/ with the machine's gcc into bench/out/bin/, once per
// change of their source. Static linking keeps the exec of a fixture cheap and constant (no
// dynamic loader), which matters when its start is the end of a 1 ms measurement.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {{ stamp: string, launch: string, sigrecv: string, exitwatch: string, orphans: string }} Fixtures */

/** @param {string} path @returns {number} mtime in ms, 0 when missing */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * @param {string} srcDir bench/c
 * @param {string} outDir bench/out/bin
 * @param {(msg: string) => void} log
 * @returns {{ fixtures: Fixtures, linking: string }}
 */
export function buildFixtures(srcDir, outDir, log) {
  mkdirSync(outDir, { recursive: true });
  const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c'));
  const headersTime = Math.max(0, ...readdirSync(srcDir).filter((f) => f.endsWith('.h')).map((f) => mtime(join(srcDir, f))));
  /** @type {Record<string, string>} */
  const built = {};
  for (const file of sources) {
    const name = file.slice(0, -2);
    const src = join(srcDir, file);
    const bin = join(outDir, name);
    built[name] = bin;
    if (mtime(bin) > Math.max(mtime(src), headersTime)) continue;
    const args = ['-O2', '-Wall', '-Wextra', '-o', bin, src];
    try {
      execFileSync('gcc', ['-static', ...args], { stdio: 'pipe' });
    } catch {
      // No libc.a (libc6-dev without static libs): a dynamic fixture still works, a bit slower.
      execFileSync('gcc', args, { stdio: 'pipe' });
    }
    log(`compiled ${file}`);
  }
  // A dynamically linked ELF names its loader (PT_INTERP): "/lib64/ld-linux-x86-64.so.2".
  const dynamic = Object.values(built).some((bin) => readFileSync(bin).includes('/ld-linux'));
  return { fixtures: /** @type {Fixtures} */ (/** @type {unknown} */ (built)), linking: dynamic ? 'dynamic' : 'static' };
}
