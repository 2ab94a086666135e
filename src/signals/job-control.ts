// Ctrl-Z on an init run as a job of an interactive shell (local signal experiments, not PID 1):
// the shell waits for its job (the init) to stop, so after forwarding TSTP/TTIN/TTOU the init
// stops itself, and the prompt comes back; `fg`/`bg` send CONT, which is forwarded to the child.
// In group mode the child leads a session of its own, so its process group is orphaned and the
// kernel discards a TSTP with the default action there: it gets STOP instead (as under dumb-init).
// As PID 1 nothing changes: the namespace's init cannot be stopped, and signals pass as given.
import type { RewriteTable } from './rewrite.js';
import type { SignalName } from './names.js';

const JOB_STOPS: readonly SignalName[] = ['SIGTSTP', 'SIGTTIN', 'SIGTTOU'];

export function isJobStop(signal: SignalName): boolean {
  return JOB_STOPS.includes(signal);
}

/** The rewrite table with TSTP/TTIN/TTOU → STOP added in group mode, unless the user rewrote them. */
export function withJobStops(rewrite: RewriteTable, groupMode: boolean): RewriteTable {
  if (!groupMode) return rewrite;
  const table = new Map(rewrite);
  for (const signal of JOB_STOPS) if (!table.has(signal)) table.set(signal, 'SIGSTOP');
  return table;
}

/** Stops the init itself, as the shell's job; it runs again on SIGCONT. */
export function suspendSelf(): void {
  process.kill(process.pid, 'SIGSTOP');
}
