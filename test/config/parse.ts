import t from 'tap';
import { parseConfig } from '../../src/config/parse.js';
import { UsageError } from '../../src/errors.js';
import { FORWARDED } from '../../src/signals/names.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env);

t.test('options end at the first word that is not an option', async (t) => {
  t.same(parse(['sh', '-c', 'exit 3']).command, ['sh', '-c', 'exit 3']);
  t.same(parse(['-v', 'ls', '-v']).command, ['ls', '-v'], "the child's own flags are its own");
  t.same(parse(['--', '-weird-name']).command, ['-weird-name'], '-- ends options');
  t.same(parse(['-c', '--', 'x']).command, ['x']);
});

t.test('dumb-init flags', async (t) => {
  const c = parse(['-r', 'TERM:QUIT', '--rewrite', '10:0', '-rSIGHUP:USR1', '--rewrite=2:3', 'x']);
  t.same([...c.rewrite], [['SIGTERM', 'SIGQUIT'], ['SIGUSR1', null], ['SIGHUP', 'SIGUSR1'], ['SIGINT', 'SIGQUIT']], 'names, numbers, attached and = values, kept as names (null drops)');
  t.equal(parse(['-c', 'x']).singleChild, true);
  t.equal(parse(['-v', 'x']).logLevel, 'info');
  t.equal(parse(['-vv', 'x']).logLevel, 'debug', 'short flags cluster');
  t.equal(parse(['-v', '-v', 'x']).logLevel, 'debug');
  t.equal(parse(['-V']).action, 'version', 'no command needed for -V');
  t.equal(parse(['-h']).action, 'help');
  t.equal(parse(['-vc', 'x']).singleChild, true, 'a cluster mixes switches');
});

t.test('every forwarded signal can be rewritten', async (t) => {
  for (const signal of FORWARDED) t.same([...parse(['-r', `${signal}:HUP`, 'x']).rewrite], [[signal, 'SIGHUP']], `${signal}:HUP`);
  t.same([...parse(['-r', 'SYS:HUP', '-r', 'ABRT:0', '-r', '5:TERM', 'x']).rewrite], [['SIGSYS', 'SIGHUP'], ['SIGABRT', null], ['SIGTRAP', 'SIGTERM']], 'SYS, ABRT and TRAP');
});

t.test('tini flags', async (t) => {
  const c = parse(['-s', '-e', '143', '-e', '3', '-p', 'USR2', '-g', 'x']);
  t.equal(c.subreaper, true);
  t.same([...c.remapExit], [143, 3]);
  t.equal(c.pdeathSignal, 'SIGUSR2');
  t.equal(c.singleChild, false, '-g keeps group mode');
  t.equal(parse(['--no-subreaper', 'x']).subreaper, false);
});

t.test('stop sequence options', async (t) => {
  const c = parse(['--drain', '5s', '--pre-stop', 'a', '--pre-stop', 'b', '--hook-timeout', '2s', '--grace', '1m', '--stop-command', 'nginx -s quit', '--ready-file', '/tmp/r', 'x']);
  t.equal(c.drainMs, 5000);
  t.same(c.preStop, ['a', 'b']);
  t.equal(c.hookTimeoutMs, 2000);
  t.equal(c.graceMs, 60_000);
  t.equal(c.stopCommand, 'nginx -s quit');
  t.equal(c.readyFile, '/tmp/r');
  t.same([...parse(['x']).stopSignals], ['SIGTERM'], 'TERM is the default stop signal');
  t.same([...parse(['--stop-signal', 'INT', '--stop-signal', 'QUIT', 'x']).stopSignals], ['SIGINT', 'SIGQUIT']);
});

t.test('environment: GRACEFUL_INIT_* below flags', async (t) => {
  t.same([...parse(['x'], { GRACEFUL_INIT_REWRITE: 'TERM:QUIT, 10:0' }).rewrite], [['SIGTERM', 'SIGQUIT'], ['SIGUSR1', null]]);
  t.same([...parse(['-r', 'HUP:INT', 'x'], { GRACEFUL_INIT_REWRITE: 'TERM:QUIT' }).rewrite], [['SIGHUP', 'SIGINT']], 'a flag wins over env');
  t.equal(parse(['x'], { GRACEFUL_INIT_DRAIN: '5s' }).drainMs, 5000);
  t.equal(parse(['--drain', '1s', 'x'], { GRACEFUL_INIT_DRAIN: '5s' }).drainMs, 1000);
  t.same(parse(['x'], { GRACEFUL_INIT_PRE_STOP: 'echo a, b\necho c' }).preStop, ['echo a, b', 'echo c'], 'hooks are one per line');
  t.equal(parse(['x'], { GRACEFUL_INIT_SINGLE_CHILD: 'true' }).singleChild, true);
  t.equal(parse(['x'], { GRACEFUL_INIT_SUBREAPER: '0' }).subreaper, false);
  t.equal(parse(['x'], { GRACEFUL_INIT_VERBOSE: '2' }).logLevel, 'debug');
  t.equal(parse(['x'], { GRACEFUL_INIT_DRAIN: '' }).drainMs, 0, 'an empty variable is unset');
});

t.test("environment: dumb-init's and tini's names below ours", async (t) => {
  t.equal(parse(['x'], { DUMB_INIT_SETSID: '0' }).singleChild, true);
  t.equal(parse(['x'], { DUMB_INIT_SETSID: '1' }).singleChild, false);
  t.equal(parse(['x'], { DUMB_INIT_SETSID: '0', GRACEFUL_INIT_SINGLE_CHILD: '0' }).singleChild, false, 'ours win');
  t.equal(parse(['x'], { DUMB_INIT_DEBUG: '1' }).logLevel, 'debug');
  t.equal(parse(['x'], { TINI_VERBOSITY: '2' }).logLevel, 'info');
  t.equal(parse(['-c', 'x'], { TINI_KILL_PROCESS_GROUP: '1' }).singleChild, true, 'a flag wins over tini env');
  t.equal(parse(['--no-subreaper', 'x'], { TINI_SUBREAPER: '1' }).subreaper, false);
});

t.test('--budget', async (t) => {
  t.equal(parse(['--budget', '30s', '--drain', '5s', '--grace', '20s', 'x']).graceMs, 20_000, 'fits');
  t.equal(parse(['--budget', '30s', '--drain', '5s', 'x']).graceMs, 24_000, 'without --grace, grace is what is left less 1s');
  t.equal(parse(['--budget', '30s', '--drain', '5s', '--pre-stop', 'a', '--hook-timeout', '8s', 'x']).graceMs, 21_000, 'hooks run inside the drain');
  t.throws(() => parse(['--budget', '10s', '--drain', '5s', '--grace', '8s', 'x']), { message: /--budget "10s": needs 13s .*over by 3s/ });
  t.throws(() => parse(['--budget', '10s', '--drain', '10s', 'x']), { message: /leaving no time for grace/ });
});

const bad: Array<[string, string[], RegExp, Record<string, string>?]> = [
  ['unknown long option', ['--bogus', 'x'], /unknown option "--bogus"/],
  ['unknown short option', ['-x', 'x'], /unknown option "-x"/],
  ['rewrite without a target', ['--rewrite', 'TERM', 'x'], /--rewrite "TERM": expected SIGNAL:SIGNAL/],
  ['rewrite to a number out of range', ['--rewrite', '15:99', 'x'], /--rewrite "15:99": "99"/],
  ['rewrite from an unknown name', ['--rewrite', 'FOO:TERM', 'x'], /--rewrite "FOO:TERM": "FOO"/],
  ['rewrite of SIGKILL', ['-r', 'KILL:TERM', 'x'], /^-r "KILL:TERM": SIGKILL is never forwarded \(cannot be caught\)/],
  ['rewrite of a fault', ['-r', 'SEGV:TERM', 'x'], /^-r "SEGV:TERM": SIGSEGV is never forwarded \(synchronous fault/],
  ['rewrite of SIGPIPE by number', ['--rewrite', '13:1', 'x'], /^--rewrite "13:1": SIGPIPE is never forwarded/],
  ['rewrite of SIGCHLD', ['-r', 'CHLD:HUP', 'x'], /^-r "CHLD:HUP": SIGCHLD is never forwarded \(tells the init to reap/],
  ['rewrite of SIGURG from the env', ['x'], /^GRACEFUL_INIT_REWRITE "URG:HUP": SIGURG is never forwarded/, { GRACEFUL_INIT_REWRITE: 'URG:HUP' }],
  ['rewrite of a real-time signal', ['-r', '34:15', 'x'], /-r "34:15"/],
  ['-r without a value', ['-r'], /-r: expected a value/],
  ['-e 256', ['-e', '256', 'x'], /-e "256": expected an exit code 0-255/],
  ['-e -1', ['-e', '-1', 'x'], /-e "-1"/],
  ['no command', [], /no command given/],
  ['-- and nothing', ['--'], /no command given/],
  ['empty command', [''], /no command given/],
  ['a bare duration', ['--drain', '5', 'x'], /--drain "5": a bare number is ambiguous/],
  ['a duration with a bad unit', ['--grace', '5x', 'x'], /--grace "5x"/],
  ['-p with an unknown signal', ['-p', 'FOO', 'x'], /-p "FOO"/],
  ['a stop signal that cannot be caught', ['--stop-signal', 'KILL', 'x'], /--stop-signal "KILL"/],
  ['a stop signal the init ignores', ['--stop-signal', 'SEGV', 'x'], /^--stop-signal "SEGV": SIGSEGV is never listened for \(synchronous fault/],
  ['a log level', ['--log-level', 'loud', 'x'], /--log-level "loud": expected one of/],
  ['a value for a switch', ['--single-child=yes', 'x'], /--single-child "yes": takes no value/],
  ['an env duration', ['x'], /GRACEFUL_INIT_DRAIN "5"/, { GRACEFUL_INIT_DRAIN: '5' }],
  ['an env switch', ['x'], /GRACEFUL_INIT_SINGLE_CHILD "maybe": expected 1 or 0/, { GRACEFUL_INIT_SINGLE_CHILD: 'maybe' }],
  ['an env rewrite', ['x'], /GRACEFUL_INIT_REWRITE "nope"/, { GRACEFUL_INIT_REWRITE: 'TERM:QUIT,nope' }],
  ['TINI_VERBOSITY', ['x'], /TINI_VERBOSITY "9"/, { TINI_VERBOSITY: '9' }],
];
for (const [name, argv, message, env] of bad) {
  t.throws(() => parse(argv, env), { constructor: UsageError, message }, `refuses ${name}`);
}

t.test('--drain-until-idle', async (t) => {
  t.equal(parse(['--drain', '60s', '--drain-until-idle', '1s', 'x']).drainUntilIdleMs, 1000);
  t.equal(parse(['--drain', '60s', 'x'], { GRACEFUL_INIT_DRAIN_UNTIL_IDLE: '2s' }).drainUntilIdleMs, 2000, 'from the environment');
  t.equal(parse(['--drain', '60s', 'x']).drainUntilIdleMs, undefined, 'off by default');
  t.throws(() => parse(['--drain-until-idle', '1s', 'x']), { message: /^--drain-until-idle "1s": needs --drain as its upper bound/ }, 'names both flags without --drain');
  t.throws(() => parse(['x'], { GRACEFUL_INIT_DRAIN_UNTIL_IDLE: '1s' }), { message: /^GRACEFUL_INIT_DRAIN_UNTIL_IDLE "1s": needs --drain/ });
  t.throws(() => parse(['--drain', '60s', '--drain-until-idle', '0', 'x']), { message: /"0": expected a duration above 0/ });
  t.throws(() => parse(['--drain', '60s', '--drain-until-idle', '5', 'x']), { message: /"5":/ }, 'a bare number is refused like any duration');
  // The budget counts the upper bound: an idle drain may last all of --drain.
  t.equal(parse(['--budget', '70s', '--drain', '60s', '--drain-until-idle', '1s', 'x']).graceMs, 9000);
  t.throws(() => parse(['--budget', '30s', '--drain', '60s', '--drain-until-idle', '1s', 'x']), { message: /--budget "30s": needs 60s \(drain 60s at most, no time left for grace/ }, 'the upper bound counts, and the message says so');
});
