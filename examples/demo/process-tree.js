/**
 * Host-side view of a process tree through /proc, to find the process to
 * signal (the namespace's PID 1 under unshare) and to clean up everything a
 * setup started if it has to be killed.
 */
import { readFileSync } from 'node:fs';

/**
 * @param {number} pid
 * @returns {number[]} direct children (all threads), empty if gone
 */
export function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * @param {number} pid
 * @returns {number[]} every descendant, parents before children
 */
export function descendantsOf(pid) {
  const out = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of childrenOf(/** @type {number} */ (queue.shift()))) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * SIGKILLs a process and all its descendants. The list is taken before any
 * kill so that orphans re-parented mid-way are not missed.
 * @param {number} pid
 */
export function killTree(pid) {
  for (const p of [pid, ...descendantsOf(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
