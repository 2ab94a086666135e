import t from 'tap';
import { constants } from 'node:os';
import { FORWARDED, IGNORED, LINUX_SIGNALS, NOT_FORWARDED, parseSignal, signalName, type SignalName } from '../../src/signals/names.js';

t.strictSame(Object.entries(LINUX_SIGNALS), Object.entries(constants.signals), "the init's signal table is this machine's os.constants.signals, names, numbers and order");

const parsed: Array<[string, SignalName]> = [['TERM', 'SIGTERM'], ['SIGTERM', 'SIGTERM'], ['term', 'SIGTERM'], ['15', 'SIGTERM'], ['QUIT', 'SIGQUIT'], ['USR1', 'SIGUSR1'], ['IOT', 'SIGABRT'], ['31', 'SIGSYS']];
for (const [text, name] of parsed) t.same(parseSignal(text), { signal: name }, `${text} is ${name}`);
for (const text of ['0', '32', '34', 'RTMIN', 'FOO', '', 'SIG']) t.type((parseSignal(text) as { reason?: string }).reason, 'string', `${text || '(empty)'} is refused, with a reason`);

t.equal(signalName(6), 'SIGABRT', 'aliases resolve to one canonical name');
t.equal(signalName(29), 'SIGIO', 'SIGPOLL and SIGIO are one signal');
t.notOk(FORWARDED.includes('SIGCHLD'), 'SIGCHLD is the reaper\'s');
t.ok(FORWARDED.includes('SIGUSR1'), 'SIGUSR1 is forwarded (Passenger)');
for (const signal of FORWARDED) t.notOk(signal in NOT_FORWARDED, `${signal} is not also excluded`);
t.equal(new Set(FORWARDED).size, FORWARDED.length, 'no signal is forwarded twice');
t.same(
  [...FORWARDED].sort(),
  ['SIGABRT', 'SIGALRM', 'SIGCONT', 'SIGHUP', 'SIGINT', 'SIGIO', 'SIGPWR', 'SIGQUIT', 'SIGSTKFLT', 'SIGSYS', 'SIGTERM', 'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH', 'SIGXCPU'].sort(),
  'the forwarded set is exactly the catchable signals less the documented exclusions',
);
for (const signal of ['SIGABRT', 'SIGTRAP', 'SIGSYS'] as const) t.ok(FORWARDED.includes(signal), `${signal} is forwarded, as under dumb-init`);
for (const signal of IGNORED) t.ok(signal in NOT_FORWARDED, `${signal}, ignored in libc, has its reason in NOT_FORWARDED`);
