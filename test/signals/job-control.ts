import t from 'tap';
import { isJobStop, withJobStops } from '../../src/signals/job-control.js';

const rewrite = new Map([[15, 3]]);
t.same([...withJobStops(rewrite, false)], [[15, 3]], 'single-child mode: the table is left as it is');
t.same(
  [...withJobStops(rewrite, true)].sort(([a], [b]) => a - b),
  [[15, 3], [20, 19], [21, 19], [22, 19]],
  'group mode: TSTP, TTIN and TTOU become STOP (the child\'s orphaned group ignores them)',
);
t.same(
  [...withJobStops(new Map([[20, 0], [21, 10]]), true)].sort(([a], [b]) => a - b),
  [[20, 0], [21, 10], [22, 19]],
  "the user's own rewrites of them win",
);
t.same([...rewrite], [[15, 3]], 'the table given is not changed');
for (const signal of ['SIGTSTP', 'SIGTTIN', 'SIGTTOU'] as const) t.ok(isJobStop(signal), `${signal} is a job-control stop`);
for (const signal of ['SIGSTOP', 'SIGCONT', 'SIGTERM'] as const) t.notOk(isJobStop(signal), `${signal} is not`);
