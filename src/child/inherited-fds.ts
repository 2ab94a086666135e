// The descriptors the init inherited (3 and up), to pass on to the child at the same numbers, as
// dumb-init and tini do (`cmd 3<file`, `podman run --preserve-fds`, socket activation). Node marks
// them close-on-exec as it starts (uv_disable_stdio_inheritance); posix_spawn's dup2(fd, fd)
// clears that in the child. Read once, first thing, before the init opens anything of its own.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** What one entry of /proc/self/fd is: its link target and access mode (0 read, 1 write, 2 both). */
export interface FdEntry {
  fd: number;
  target: string;
  mode: number;
}

/**
 * Picks the inherited descriptors out of the process's table. Node opens its own before any
 * JavaScript runs, in the holes the parent left (fd 4 between an inherited 3 and 5): its event
 * loops (anon_inode eventpoll and eventfd, io_uring on newer libuv) and pipes whose two ends it
 * holds both (libuv's signal pipes). Those kinds are left out; everything else is the parent's.
 */
export function pickInherited(entries: readonly FdEntry[]): number[] {
  const pipeModes = new Map<string, Set<number>>();
  for (const { target, mode } of entries) {
    if (target.startsWith('pipe:')) pipeModes.set(target, (pipeModes.get(target) ?? new Set()).add(mode));
  }
  const bothEnds = (target: string) => {
    const modes = pipeModes.get(target);
    return modes !== undefined && modes.has(0) && modes.has(1);
  };
  return entries
    .filter(({ fd, target }) => fd > 2 && !target.startsWith('anon_inode:') && !bothEnds(target))
    .map(({ fd }) => fd)
    .sort((a, b) => a - b);
}

/**
 * Reads /proc/self/fd; an fd that closes while it is read (readdir's own) is skipped. The mode
 * matters only for pipes, so only theirs is read: a file read per descriptor is ~0.1 ms of start-up.
 */
function readFdTable(): FdEntry[] {
  const entries: FdEntry[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const fd = Number(name);
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      entries.push({ fd, target, mode: target.startsWith('pipe:') ? accessMode(fd) : O_RDWR });
    } catch {
      // gone already: the directory handle readdir used
    }
  }
  return entries;
}

const O_RDWR = 2;

/** The access mode from /proc/self/fdinfo (its flags are octal): 0 read, 1 write, 2 both. */
function accessMode(fd: number): number {
  const flags = /flags:\s*([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
  return flags === undefined ? O_RDWR : Number.parseInt(flags, 8) & 3;
}

let launcherList: readonly number[] | undefined;

/**
 * The portable build's launcher lists the descriptors before Node opens any of its own: that
 * list is exact, and reading it spares the /proc walk below (~1 ms of start-up).
 */
export function useLauncherList(fds: readonly number[]): void {
  launcherList = fds;
}

/** The inherited descriptors 3 and up; [] where /proc is not mounted. */
export function inheritedDescriptors(): number[] {
  if (launcherList !== undefined) return [...launcherList].sort((a, b) => a - b);
  try {
    return pickInherited(readFdTable());
  } catch {
    return [];
  }
}
