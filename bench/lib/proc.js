// Readers of /proc for the bench: memory of a process, CPU time of all its threads, its
// children and its zombies. Linux only; every reader returns null for a process that is gone.
import { readFileSync, readdirSync } from 'node:fs';

/** @param {string} path @returns {string | null} */
function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The fields of /proc/PID/stat after the command name, which may itself hold spaces and ')'.
 * fields[0] is the state (field 3 in proc(5)), fields[1] the ppid.
 * @param {number} pid
 * @returns {string[] | null}
 */
export function statFields(pid) {
  const text = read(`/proc/${pid}/stat`);
  if (text === null) return null;
  return text.slice(text.lastIndexOf(')') + 2).trim().split(' ');
}

/**
 * Resident memory from /proc/PID/status, in KiB: all of it (VmRSS) and the anonymous part
 * (RssAnon: heap, stacks, JIT code; what the process itself costs, file pages aside).
 * @param {number} pid
 * @returns {{ rssKb: number, anonKb: number } | null}
 */
export function memoryKb(pid) {
  const text = read(`/proc/${pid}/status`);
  if (text === null) return null;
  const field = (/** @type {string} */ name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1]);
  return { rssKb: field('VmRSS'), anonKb: field('RssAnon') };
}

/**
 * CPU time used so far by every live thread of PID, in ns. schedstat counts nanoseconds where
 * stat's utime+stime count 10 ms ticks, too coarse for a 100 ms reaping burst. Falls back to
 * the ticks when schedstat is missing (kernels without CONFIG_SCHEDSTATS).
 * @param {number} pid
 * @returns {number | null}
 */
export function cpuNs(pid) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let total = 0;
  for (const tid of tids) {
    const text = read(`/proc/${pid}/task/${tid}/schedstat`);
    if (text === null) return cpuTicksNs(pid);
    total += Number(text.split(' ')[0]);
  }
  return total;
}

/** @param {number} pid @returns {number | null} utime + stime, in ns */
function cpuTicksNs(pid) {
  const f = statFields(pid);
  if (!f) return null;
  // utime and stime are fields 14 and 15 of proc(5); f[0] is field 3. USER_HZ is 100 on Linux.
  return (Number(f[11]) + Number(f[12])) * 1e7;
}

/**
 * Pids whose parent is PID, with their state letter (Z for a zombie). Scans /proc, because
 * /proc/PID/task/TID/children needs CONFIG_PROC_CHILDREN, which some kernels lack.
 * @param {number} pid
 * @returns {{ pid: number, state: string }[]}
 */
export function childrenOf(pid) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && Number(f[1]) === pid) out.push({ pid: Number(name), state: f[0] ?? '?' });
  }
  return out;
}

/** @param {number} pid @returns {string | null} the command name (comm) */
export function commOf(pid) {
  return read(`/proc/${pid}/comm`)?.trim() ?? null;
}
