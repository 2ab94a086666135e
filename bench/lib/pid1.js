// Runs a command as the real PID 1 of a new pid namespace, the way a container runs its init,
// and finds the init's pid as seen from here (the child of `unshare`; unshare forwards no
// signal, so the bench signals that pid directly, as `docker stop` does).
import { Child, killTree, sleep } from './child.js';
import { childrenOf } from './proc.js';

/** The unshare prefix; --kill-child makes the init die with unshare if the bench is killed. */
export const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];

/**
 * A started init: `proc` is what was spawned (unshare, or the init itself when not PID 1),
 * `initPid` the pid to signal and to read in /proc.
 * @typedef {{ proc: Child, initPid: number }} Started
 */

/**
 * Starts `argv` either as PID 1 of a new namespace or as a plain child of the bench.
 * @param {string[]} argv
 * @param {{ pid1: boolean, env?: NodeJS.ProcessEnv }} opts
 * @returns {Promise<Started>}
 */
export async function startInit(argv, { pid1, env }) {
  const full = pid1 ? [...UNSHARE, ...argv] : argv;
  const proc = new Child(/** @type {string} */ (full[0]), full.slice(1), { env });
  if (!pid1) return { proc, initPid: proc.pid };
  // unshare forks the init at once; poll briefly until it is there.
  for (let waited = 0; waited < 5000; waited += 2) {
    const kids = childrenOf(proc.pid);
    if (kids.length > 0) return { proc, initPid: /** @type {{ pid: number }} */ (kids[0]).pid };
    if (proc.exitStatus) break;
    await sleep(2);
  }
  proc.signal('SIGKILL');
  throw new Error(`${full.join(' ')}: no init process appeared under unshare\n  ${proc.stderr.trim()}`);
}

/**
 * Ends a started init: sends `sig` to the init (not to unshare, which forwards nothing) and
 * waits up to timeoutMs; then SIGKILLs the init and everything under it, so a plain-mode init
 * that hangs leaves no orphaned fixture behind.
 * @param {Started} started
 * @param {NodeJS.Signals} sig
 * @param {number} timeoutMs
 * @returns {Promise<{ code: number | null, signal: string | null, killed: boolean }>}
 */
export async function stopInit({ proc, initPid }, sig, timeoutMs) {
  try {
    process.kill(initPid, sig);
  } catch {
    // already gone
  }
  const status = await proc.exitWithin(timeoutMs);
  if (status) return { ...status, killed: false };
  killTree(proc.pid);
  return { ...(await proc.end(2000)), killed: true };
}
