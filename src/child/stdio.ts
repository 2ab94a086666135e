// The child's stdin/stdout/stderr. Node switches a pipe or tty to O_NONBLOCK when it touches it,
// and that flag lives on the open file description the child would share: the child then gets
// EAGAIN and loses output (NODE-PID1.md). So a pipe or tty is reopened through /proc as a new
// description for the child; other files are handed over as they are (a reopened regular file
// would get its own offset, and sockets cannot be reopened).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Libc, SpawnRequest } from '../sys/libc.js';

export interface StdioPlan {
  opens: SpawnRequest['opens'];
  dups: SpawnRequest['dups'];
  /** Closes the descriptors opened for the child, once it is spawned. */
  release(): void;
}

/** A descriptor for a child process: `fd` itself, or a blocking reopening of it. */
export interface OwnDescriptor {
  fd: number;
  /** Access mode (O_RDONLY/O_WRONLY/O_RDWR) when reopened. */
  mode?: number;
  release(): void;
}

/** O_RDONLY / O_WRONLY / O_RDWR of an open descriptor, from /proc/self/fdinfo. */
function accessMode(fd: number): number {
  const flags = /flags:\s*([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '2';
  return Number.parseInt(flags, 8) & 3;
}

/**
 * Reopens a pipe or tty as a new, blocking description; returns `fd` itself for anything else,
 * or when the reopening fails (reader gone: ENXIO; no /proc): then it is shared, as dumb-init does.
 * Throws EBADF when `fd` is closed.
 */
export function ownDescriptor(libc: Libc, fd: number): OwnDescriptor {
  const same = { fd, release() {} };
  if (!(fstatSync(fd).isFIFO() || libc.isatty(fd))) return same;
  try {
    const mode = accessMode(fd);
    // O_NONBLOCK: opening a FIFO for writing blocks while it has no reader; O_NOCTTY: the init
    // must not take back a terminal it gave up.
    const own = openSync(`/proc/self/fd/${fd}`, mode | constants.O_NONBLOCK | constants.O_NOCTTY);
    libc.clearNonblock(own);
    return { fd: own, mode, release: () => closeSync(own) };
  } catch {
    return same;
  }
}

/**
 * Plans the child's fds 0-2. With `ownTerminal`, a tty on fd 0 is opened by the child itself,
 * which as a new session leader makes it its controlling terminal (job control, Ctrl-C).
 */
export function planStdio(libc: Libc, ownTerminal: boolean): StdioPlan {
  const plan: StdioPlan = { opens: [], dups: [], release() {} };
  const owned: OwnDescriptor[] = [];
  for (const fd of [0, 1, 2]) {
    let own: OwnDescriptor;
    try {
      own = ownDescriptor(libc, fd);
    } catch {
      continue; // closed in the init: closed in the child too
    }
    owned.push(own);
    if (fd === 0 && ownTerminal && own.mode !== undefined && libc.isatty(fd)) {
      plan.opens.push([0, `/proc/self/fd/${own.fd}`, own.mode]);
    } else {
      plan.dups.push([own.fd, fd]); // dup2(fd, fd) also clears the close-on-exec flag Node set
    }
  }
  plan.release = () => owned.forEach((own) => own.release());
  return plan;
}
