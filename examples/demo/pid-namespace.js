/**
 * Running a command as PID 1 of a fresh PID namespace, as in a container.
 *
 * That matters for the demo: the kernel drops every signal sent to a
 * namespace's PID 1 that has no handler for it, which is the classic reason
 * a server needs an init. Needs root (or user namespaces); otherwise the demo
 * falls back to plain processes and says so.
 */
import { spawnSync } from 'node:child_process';

const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];

/** @returns {boolean} whether `unshare --pid` works here */
export function pidNamespaceAvailable() {
  const probe = spawnSync(UNSHARE[0], [...UNSHARE.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 });
  return probe.status === 0;
}

/**
 * unshare forwards no signals and is not the namespace's PID 1: its forked
 * child is. Signals must go to that child's host pid (spawn-target.js finds it).
 * @param {string[]} argv
 * @returns {string[]}
 */
export function inPidNamespace(argv) {
  return [...UNSHARE, ...argv];
}
