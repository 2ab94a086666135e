// The child's processes and the sockets they hold, read from /proc: the child, every descendant
// (by ppid), and every process still in the child's session (a daemon that double-forked away
// from its parent stays in it). The init and its hooks are not in that set.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** pid, ppid and session of one /proc/PID/stat line (comm may hold spaces and parentheses). */
export function parseStat(line: string): { pid: number; ppid: number; sid: number } | undefined {
  const close = line.lastIndexOf(')');
  const fields = line.slice(close + 2).split(' '); // state ppid pgrp session ...
  const pid = Number.parseInt(line, 10);
  if (close === -1 || fields.length < 4 || !Number.isInteger(pid)) return undefined;
  return { pid, ppid: Number(fields[1]), sid: Number(fields[3]) };
}

/** The root and its descendants; with `session`, also every process in the session the root leads. */
export function processTree(root: number, session: boolean, proc = '/proc'): Set<number> {
  const children = new Map<number, number[]>();
  const inSession: number[] = [];
  for (const name of readdirSync(proc)) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = parseStat(readFileSync(`${proc}/${name}/stat`, 'latin1'));
    } catch {
      continue; // gone since readdir
    }
    if (!stat) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
    if (session && stat.sid === root) inSession.push(stat.pid);
  }
  const tree = new Set<number>();
  const queue = [root, ...inSession];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The inodes of every socket the processes hold open (`socket:[INODE]` in /proc/PID/fd). */
export function socketInodes(pids: Iterable<number>, proc = '/proc'): Set<number> {
  const inodes = new Set<number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${proc}/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${proc}/${pid}/fd/${fd}`));
        if (m) inodes.add(Number(m[1]));
      } catch {
        // closed since readdir
      }
    }
  }
  return inodes;
}
