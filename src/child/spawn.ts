// Starts the command: posix_spawnp with a new session (dumb-init's default), default signal
// dispositions and an empty mask, and stdio of its own. Not libuv's spawn: libuv's child has no
// controlling terminal, and its status would race our reaper.
import { getSystemErrorName } from 'node:util';
import { SpawnError } from '../errors.js';
import type { Libc } from '../sys/libc.js';
import { planStdio } from './stdio.js';

export interface SpawnOptions {
  command: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** New session and process group for the child (false with --single-child). */
  setsid: boolean;
  /** Descriptors (3 and up) the child gets at the same numbers: the ones the init inherited. */
  inherited: readonly number[];
}

/** Spawns the child and returns its pid, or throws SpawnError (127 not found, 126 not runnable). */
export function spawnChild(libc: Libc, options: SpawnOptions): number {
  const [file, ...args] = options.command as [string, ...string[]];
  const env = Object.entries(options.env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  const stdio = planStdio(libc, options.setsid);
  // dup2(fd, fd) clears the close-on-exec flag Node put on every inherited descriptor.
  const dups = [...stdio.dups, ...options.inherited.map((fd): [number, number] => [fd, fd])];
  let pid: number;
  try {
    pid = libc.spawn({ file, argv: [file, ...args], env, setsid: options.setsid, opens: stdio.opens, dups });
  } finally {
    stdio.release();
  }
  if (pid > 0) return pid;
  // node:util is loaded with Node itself; node:os (errno constants) would cost ~0.5 ms of start-up.
  const error = getSystemErrorName(pid);
  if (error === 'ENOENT' || error === 'ENOTDIR') throw new SpawnError(`${file}: command not found`, 127);
  throw new SpawnError(`${file}: cannot execute (${error})`, 126);
}
