// Sends signals to the child: through the rewrite table, to its whole process group (the child
// leads its own session) or, with --single-child, to the child alone.
import type { Log } from '../log.js';
import type { SignalName } from './names.js';
import { rewriteSignal, type RewriteTable } from './rewrite.js';

export interface Forwarder {
  /** Sets the child once spawned. */
  setChild(pid: number): void;
  /** Forwards a received signal after rewriting it; returns the signal sent, or undefined if dropped. */
  forward(received: SignalName): SignalName | undefined;
  readonly target: 'group' | 'child';
}

export function createForwarder(rewrite: RewriteTable, singleChild: boolean, log: Log): Forwarder {
  const target = singleChild ? 'child' : 'group';
  let pid = 0;

  const send = (signal: SignalName): boolean => {
    try {
      process.kill(singleChild ? pid : -pid, signal);
      return true;
    } catch (error) {
      // ESRCH: the child (or its whole group) is gone; its exit is on the way.
      log.debug({ signal, target, pid, error: (error as NodeJS.ErrnoException).code }, 'forward failed');
      return false;
    }
  };

  const forward = (received: SignalName): SignalName | undefined => {
    if (pid === 0) {
      // Only while --wait-for holds the start: replayed at spawn, a HUP would kill the child at birth.
      log.info({ signal: received }, 'drop: no child yet');
      return undefined;
    }
    const as = rewriteSignal(rewrite, received);
    if (!as) {
      log.info({ signal: received }, 'drop');
      return undefined;
    }
    if (as !== received) log.info({ signal: received, as }, 'rewrite');
    if (send(as)) log.info({ signal: as, target, pid }, 'forward');
    return as;
  };

  return {
    setChild(childPid) {
      pid = childPid;
    },
    forward,
    target,
  };
}
