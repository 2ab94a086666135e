import t from 'tap';
import { isJobStop, withJobStops } from '../../src/signals/job-control.js';
import type { SignalName } from '../../src/signals/names.js';

const sorted = (table: ReadonlyMap<SignalName, SignalName | null>) => [...table].sort(([a], [b]) => a.localeCompare(b));
const rewrite = new Map<SignalName, SignalName | null>([['SIGTERM', 'SIGQUIT']]);
t.same([...withJobStops(rewrite, false)], [['SIGTERM', 'SIGQUIT']], 'single-child mode: the table is left as it is');
t.same(
  sorted(withJobStops(rewrite, true)),
  [['SIGTERM', 'SIGQUIT'], ['SIGTSTP', 'SIGSTOP'], ['SIGTTIN', 'SIGSTOP'], ['SIGTTOU', 'SIGSTOP']],
  "group mode: TSTP, TTIN and TTOU become STOP (the child's orphaned group ignores them)",
);
t.same(
  sorted(withJobStops(new Map<SignalName, SignalName | null>([['SIGTSTP', null], ['SIGTTIN', 'SIGUSR1']]), true)),
  [['SIGTSTP', null], ['SIGTTIN', 'SIGUSR1'], ['SIGTTOU', 'SIGSTOP']],
  "the user's own rewrites of them win",
);
t.same([...rewrite], [['SIGTERM', 'SIGQUIT']], 'the table given is not changed');
for (const signal of ['SIGTSTP', 'SIGTTIN', 'SIGTTOU'] as const) t.ok(isJobStop(signal), `${signal} is a job-control stop`);
for (const signal of ['SIGSTOP', 'SIGCONT', 'SIGTERM'] as const) t.notOk(isJobStop(signal), `${signal} is not`);
