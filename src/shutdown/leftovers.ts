// When the main child has exited, what is left of its process group gets the (rewritten) TERM
// and the rest of the grace to run its handlers before SIGKILL. dumb-init exits at once instead,
// and as PID 1 that makes the kernel SIGKILL them mid-handler.
import type { Log } from '../log.js';
import type { Clock } from './clock.js';

/** Time leftovers get when no --grace is set: enough for a TERM handler to flush and close. */
export const DEFAULT_LEFTOVER_MS = 3000;
/** How often the group is checked for members while waiting. */
const POLL_MS = 10;

export interface LeftoverDeps {
  pgid: number;
  /** Forwards TERM through the rewrite table. */
  forwardTerm(): void;
  /** Clock time by which leftovers must be gone. */
  deadline: number;
  clock: Clock;
  log: Log;
}

/** True while any process (not yet reaped) is in the group. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Terminates the leftovers of the child's group; resolves when none is left. */
export async function settleLeftovers({ pgid, forwardTerm, deadline, clock, log }: LeftoverDeps): Promise<void> {
  if (!groupAlive(pgid)) return;
  const started = clock.now();
  log.info({ pgid, graceLeftMs: Math.max(0, Math.round(deadline - started)) }, 'leftovers: terminating');
  forwardTerm();
  while (groupAlive(pgid)) {
    if (clock.now() >= deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      log.warn({ pgid, signal: 'SIGKILL', waitedMs: Math.round(clock.now() - started) }, 'leftovers: grace expired, killing');
      return;
    }
    await clock.sleep(Math.min(POLL_MS, Math.max(1, deadline - clock.now())));
  }
  log.info({ pgid, waitedMs: Math.round(clock.now() - started) }, 'leftovers: gone');
}
