// --drain-until-idle wired to the real sources: the kernel's TCP table (sock_diag, opened only
// when the drain starts) and the sockets of the child's processes in /proc.
import type { Log } from '../log.js';
import { processTree, socketInodes } from '../sys/process-tree.js';
import { openSockDiag } from '../sys/sock-diag.js';
import type { Clock } from './clock.js';
import { createIdleDrain, type IdleDrain } from './idle-drain.js';

/** An IdleDrain over the child `pid`'s process tree (and its session, in group mode). */
export function childIdleDrain(idleMs: number, pid: number, session: boolean, clock: Clock, log: Log): IdleDrain {
  return createIdleDrain({
    idleMs, clock, log,
    sources: { openSockDiag, childInodes: () => socketInodes(processTree(pid, session)) },
  });
}
