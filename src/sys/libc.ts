// The libc calls Node does not offer: waitid/waitpid for reaping, prctl for subreaper and
// parent-death signal, posix_spawn for a child with its own session and terminal, ioctl for the tty.
// koffi is loaded only through ./koffi.ts (NODE-PID1.md: it must stay out of the bundle).
import { loadKoffi } from './koffi.js';
import { bindPosixSpawn, type SpawnRequest } from './posix-spawn.js';

export type { SpawnRequest } from './posix-spawn.js';

/** Constants shared by glibc and musl on Linux (x86_64, aarch64). */
export const P_ALL = 0;
export const P_PID = 1;
export const WNOHANG = 1;
export const WEXITED = 4;
export const WNOWAIT = 0x01000000;
export const CLD_EXITED = 1;
export const PR_SET_PDEATHSIG = 1;
export const PR_SET_CHILD_SUBREAPER = 36;
export const TIOCNOTTY = 0x5422;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const O_NONBLOCK = 0o4000;

/** siginfo_t is 128 bytes on Linux; si_pid at 16, si_status at 24, si_code at 8. */
const SIGINFO_BYTES = 128;

export interface WaitResult {
  pid: number;
  /** CLD_EXITED → exit code in `status`; otherwise `status` is the signal number. */
  exited: boolean;
  status: number;
}


export interface Libc {
  /** Peeks at one waitable child without reaping it; 0 when none, -1 on ECHILD. */
  peekExited(): WaitResult | 0 | -1;
  /** Reaps one child by pid if it has exited; null when it has not (or is not ours). */
  reap(pid: number): WaitResult | null;
  setSubreaper(): number;
  setParentDeathSignal(signo: number): number;
  detachTerminal(fd: number): number;
  clearNonblock(fd: number): void;
  getsid(): number;
  /** libc's isatty: Node's needs node:tty, which loads node:net (~1.3 ms) on the start path. */
  isatty(fd: number): boolean;
  /** SIG_IGN for a signal Node cannot listen for (real-time ones); the child still starts with defaults. */
  ignoreSignal(signo: number): number;
  /**
   * Ends the process now, as _exit(2): no atexit handlers. koffi's addon fsyncs stdout and
   * stderr from one at every exit, which waits for the disk when they are files (~0.3 s per
   * 300 MB the child wrote) and costs ~1 ms even when they are pipes.
   */
  exit(code: number): never;
  /** Returns the child's pid, or a negative errno when the spawn (or its exec) failed. */
  spawn(req: SpawnRequest): number;
  errno(): number;
  /** Reads a byte at a raw address: a real memory fault, for GRACEFUL_INIT_FAULT=segv only. */
  readAddress(address: number): number;
}

/** libc as a koffi library: glibc's soname, then musl's (Alpine), then the symbols already in the process. */
export function loadLibcLibrary(): ReturnType<ReturnType<typeof loadKoffi>['load']> {
  const koffi = loadKoffi();
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  for (const name of ['libc.so.6', `libc.musl-${arch}.so.1`]) {
    try {
      return koffi.load(name);
    } catch {
      // not this libc
    }
  }
  return koffi.load(null as unknown as string);
}

/** Loads libc through koffi; glibc first, then the process's own symbols (musl). */
export function loadLibc(): Libc {
  const koffi = loadKoffi();
  const lib = loadLibcLibrary();
  const waitid = lib.func('int waitid(int, int, void *, int)');
  const prctl = lib.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)');
  const ioctl = lib.func('int ioctl(int, unsigned long, unsigned long)');
  const fcntl = lib.func('int fcntl(int, int, int)');
  const getsid = lib.func('int getsid(int)');
  const isatty = lib.func('int isatty(int)');
  const exit = lib.func('void _exit(int)');
  // sighandler_t is a pointer; SIG_IGN is (void *)1, passed as an integer of the same width.
  const signal = lib.func('intptr_t signal(int, intptr_t)');
  // strlen of a raw address: the one way to make a real fault on purpose (tests of the fault path).
  const strlenAt = lib.func('size_t strlen(intptr_t)');

  // One buffer for every waitid: the reaper is synchronous, so it is never shared.
  const info = Buffer.alloc(SIGINFO_BYTES);
  const toResult = (): WaitResult => ({
    pid: info.readInt32LE(16),
    exited: info.readInt32LE(8) === CLD_EXITED,
    status: info.readInt32LE(24),
  });

  return {
    peekExited() {
      info.fill(0);
      if (waitid(P_ALL, 0, info, WEXITED | WNOHANG | WNOWAIT) === -1) return -1;
      return info.readInt32LE(16) === 0 ? 0 : toResult();
    },
    reap(pid) {
      info.fill(0);
      if (waitid(P_PID, pid, info, WEXITED | WNOHANG) === -1) return null;
      return info.readInt32LE(16) === 0 ? null : toResult();
    },
    setSubreaper: () => prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0),
    setParentDeathSignal: (signo) => prctl(PR_SET_PDEATHSIG, signo, 0, 0, 0),
    detachTerminal: (fd) => ioctl(fd, TIOCNOTTY, 0),
    clearNonblock(fd) {
      const flags = fcntl(fd, F_GETFL, 0);
      if (flags !== -1 && flags & O_NONBLOCK) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    },
    getsid: () => getsid(0),
    isatty: (fd) => isatty(fd) === 1,
    exit(code) {
      exit(code);
      throw new Error('_exit returned'); // unreachable: tells TypeScript this never returns
    },
    ignoreSignal: (signo) => (signal(signo, 1) === -1 ? -1 : 0),
    spawn: bindPosixSpawn(lib),
    errno: () => koffi.errno(),
    readAddress: (address) => Number(strlenAt(address)),
  };
}
