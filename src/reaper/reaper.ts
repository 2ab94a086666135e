// Reaps every exited child: the main child (posix_spawned, so only we can collect its status),
// orphans the kernel hands to PID 1 or to a subreaper, and never a child libuv spawned (hooks):
// libuv waits for those by pid, and a status taken from it is lost forever (NODE-PID1.md).
// Method: peek with waitid(WNOWAIT); reap that pid unless libuv owns it, then libuv goes first.
import type { Libc, WaitResult } from '../sys/libc.js';
import type { Log } from '../log.js';

/** Zombies reaped per turn of the event loop, so signals keep being forwarded during a burst. */
const BATCH = 2000;
/** Backstop for SIGCHLDs the kernel coalesced while we were busy. */
const SWEEP_MS = 1000;

export interface Reaper {
  /** Runs `onExit` once `pid` has been reaped. */
  watch(pid: number, onExit: (result: WaitResult) => void): void;
  /** Marks a pid as libuv's (call synchronously right after spawning); returns the release. */
  spareLibuvChild(pid: number): () => void;
  /** Reaps what has exited; called on SIGCHLD. */
  sweep(): void;
  stop(): void;
}

export function startReaper(libc: Libc, log: Log): Reaper {
  const watched = new Map<number, (result: WaitResult) => void>();
  const libuvChildren = new Set<number>();
  let scheduled = false;
  let yieldedToLibuv = 0;

  const later = (delayMs: number) => {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      sweep();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  };

  function sweep(): void {
    for (let n = 0; n < BATCH; n++) {
      const peek = libc.peekExited();
      if (peek === 0 || peek === -1) {
        yieldedToLibuv = 0;
        return;
      }
      if (libuvChildren.has(peek.pid)) {
        // libuv reaps it on this loop turn; after many turns, back off rather than spin.
        later(++yieldedToLibuv > 100 ? 10 : 0);
        return;
      }
      const result = libc.reap(peek.pid);
      if (!result) continue;
      const onExit = watched.get(result.pid);
      if (onExit) {
        watched.delete(result.pid);
        onExit(result);
      } else {
        log.debug({ pid: result.pid, ...(result.exited ? { code: result.status } : { signal: result.status }) }, 'reaped');
      }
    }
    later(0); // more zombies than one batch: go on after pending signals are handled
  }

  const backstop = setInterval(sweep, SWEEP_MS);
  backstop.unref();

  return {
    watch: (pid, onExit) => void watched.set(pid, onExit),
    spareLibuvChild(pid) {
      libuvChildren.add(pid);
      return () => {
        libuvChildren.delete(pid);
      };
    },
    sweep,
    stop: () => clearInterval(backstop),
  };
}
