// What the start path does not always need lives in bundles of its own, required when it is
// needed: V8 parses all of a script it loads, and on a 2-core CI machine every 10 KB of the start
// path costs ~1 ms before the child runs (bench/portable/RESULTS.md). Supervision (readiness, the
// stop sequence, the idle drain, hooks, leftovers: a third of the init's code) loads once the
// child has been spawned; --help and --version load their text renderer. The ES modules tsc emits
// (and tsx runs) import the modules as usual.
import type * as Help from './config/help.js';
import type * as Supervise from './supervise.js';
import { ownRequire } from './sys/own-require.js';

/** The late bundles' files, beside the main one (npm: dist/, portable: app/). */
export const SUPERVISION_BUNDLE = 'graceful-init-supervise.cjs';
export const HELP_BUNDLE = 'graceful-init-help.cjs';

/** [entry, file] of each late bundle, for src/build/bundles.ts. */
export const LATE_BUNDLES = [
  ['src/supervise.ts', SUPERVISION_BUNDLE],
  ['src/config/help.ts', HELP_BUNDLE],
] as const;

/** The bundle from the CommonJS build, or the module (a path from here) under tsc's ES modules. */
async function load<T>(bundle: string, esmModule: string): Promise<T> {
  if (typeof require === 'function') return ownRequire(`./${bundle}`) as T;
  return (await import(esmModule)) as T; // a variable, not a literal: esbuild leaves it out of the bundle
}

/**
 * From the bundle it resolves in microtasks only (no signal or timer runs meanwhile), so a stop
 * signal cannot arrive between the spawn and the stop sequence's start. If the bundle cannot be
 * loaded (a broken install), `child` (a pid, or -pgid) is killed before the error goes to the
 * crash path: it must not run on unsupervised.
 */
export async function loadSupervision(child: number): Promise<typeof Supervise> {
  try {
    return await load<typeof Supervise>(SUPERVISION_BUNDLE, './supervise.js');
  } catch (error) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // gone already
    }
    throw error;
  }
}

/** --help and --version. */
export function loadHelp(): Promise<typeof Help> {
  return load<typeof Help>(HELP_BUNDLE, './config/help.js');
}
