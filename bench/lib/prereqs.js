// What the bench needs on the machine, checked before anything runs. It installs nothing:
// bench/setup.sh does, once (Debian packages).
import { spawnSync } from 'node:child_process';

const NEEDED = [
  { cmd: 'dumb-init', why: 'compared with (Debian package dumb-init)' },
  { cmd: 'tini', why: 'compared with (Debian package tini)' },
  { cmd: 'gcc', why: 'compiles the C fixtures in bench/c/' },
  { cmd: 'unshare', why: 'runs each init as a real PID 1 (util-linux)' },
  { cmd: 'mkfifo', why: 'the reaping fixture waits on a FIFO (coreutils)' },
  { cmd: 'sleep', why: 'the idle child in the memory scenario (coreutils)' },
];

/** @returns {string[]} one line per problem; empty when the bench can run */
export function missingPrerequisites() {
  const problems = [];
  for (const { cmd, why } of NEEDED) {
    const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
    if (r.status !== 0) problems.push(`${cmd} not found: ${why}`);
  }
  // A new pid namespace needs CAP_SYS_ADMIN (root, or a container run with it).
  const u = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { encoding: 'utf8', timeout: 10000 });
  if (u.status !== 0) problems.push(`unshare --pid --fork --mount-proc failed (${(u.stderr || u.error?.message || '').trim()}): run as root`);
  return problems;
}
