import t from 'tap';
import { rewriteSignal } from '../../src/signals/rewrite.js';
import type { SignalName } from '../../src/signals/names.js';

const table = new Map<SignalName, SignalName | null>([['SIGTERM', 'SIGQUIT'], ['SIGUSR2', null]]);
t.equal(rewriteSignal(table, 'SIGTERM'), 'SIGQUIT', 'TERM becomes QUIT');
t.equal(rewriteSignal(table, 'SIGUSR2'), null, 'USR2 is dropped');
t.equal(rewriteSignal(table, 'SIGHUP'), 'SIGHUP', 'HUP passes unchanged');
