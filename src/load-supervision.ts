// Supervision (readiness, the stop sequence, the idle drain, hooks, leftovers: a third of the
// init's code) is a bundle of its own, required once the child has been spawned: V8 parses all
// of a script it loads, and on a 2-core CI machine every 10 KB of the start path costs ~1 ms
// before the child runs (bench/portable/RESULTS.md). The ES modules tsc emits (and tsx runs)
// import supervise.js as usual.
import type * as Supervise from './supervise.js';
import { ownRequire } from './sys/own-require.js';

/** The supervision bundle's file, beside the main one (npm: dist/, portable: app/). */
export const SUPERVISION_BUNDLE = 'graceful-init-supervise.cjs';

/**
 * From the bundle it resolves in microtasks only (no signal or timer runs meanwhile), so a stop
 * signal cannot arrive between the spawn and the stop sequence's start. If the bundle cannot be loaded (a
 * broken install), `child` (a pid, or -pgid) is killed before the error goes to the crash path:
 * it must not run on unsupervised.
 */
export async function loadSupervision(child: number): Promise<typeof Supervise> {
  try {
    if (typeof require === 'function') return ownRequire(`./${SUPERVISION_BUNDLE}`) as typeof Supervise;
    const esm = './supervise.js'; // a variable, not a literal: esbuild leaves it out of the bundle
    return (await import(esm)) as typeof Supervise;
  } catch (error) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // gone already
    }
    throw error;
  }
}
