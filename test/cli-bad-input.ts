// Bad usage: exit 2, one stderr line naming the flag (or env var) and value, nothing spawned.
// Precedence: flag > GRACEFUL_INIT_* env > dumb-init env.
import t from 'tap'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runInit, startInit } from './lib/init-process.js'
import { placements } from './lib/modes.js'
import { inParallel } from './lib/parallel.js'
import { findTagged, readStat } from './lib/processes.js'
import { exitOn, served, waitReady } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'

const dir = tempDir(t, 'gi-bad-')

/** No command: the case gives the whole argv itself. */
const NONE = Symbol('no command')
const E_FLAG = /(^|\W)(-e|--remap-exit)(\W|$)/

/** [what is wrong, init options (the command follows unless NONE), words the line must name (the options' words if left out)] */
const flagCases: [string, (string | typeof NONE)[], (string | RegExp)[]?][] = [
  ['an unknown flag', ['--frobnicate']],
  ['an unknown short flag', ['-Z']],
  ['--rewrite without a colon', ['--rewrite', 'TERM']],
  ['--rewrite to a number above 31', ['--rewrite', '15:99']],
  ['--rewrite from an unknown name', ['--rewrite', 'FOO:TERM']],
  ['--rewrite to an unknown name', ['--rewrite', 'TERM:FOO']],
  ['--rewrite from 32', ['--rewrite', '32:1']],
  ['--rewrite from 0', ['--rewrite', '0:TERM']],
  ['--rewrite from an uncatchable signal', ['--rewrite', 'KILL:TERM']],
  ['--rewrite from a signal never forwarded (a fault)', ['--rewrite', 'SEGV:TERM'], ['--rewrite', 'SEGV:TERM', 'SIGSEGV', /never forwarded/]],
  ['-r from a signal never forwarded (PIPE)', ['-r', '13:HUP'], ['-r', '13:HUP', 'SIGPIPE', /never forwarded/]],
  ['--stop-signal the init never listens for', ['--stop-signal', 'CHLD'], ['--stop-signal', 'CHLD', 'SIGCHLD']],
  ['-r with no value', ['-r', NONE], [/(^|\W)(-r|--rewrite)(\W|$)/]],
  ['-e above 255', ['-e', '256'], [E_FLAG, '256']],
  ['-e negative', ['-e', '-1'], [E_FLAG, '-1']],
  ['-e not a number', ['-e', 'abc'], [E_FLAG, 'abc']],
  ['no command at all', [NONE], [/command/i]],
  ['`--` and no command', ['--', NONE], [/command/i]],
  ['--drain with a bare number', ['--drain', '5']],
  ['--drain with an unknown unit', ['--drain', '5x']],
  ['--grace not a duration', ['--grace', 'abc']],
  ['--grace with a bare number', ['--grace', '30']],
  ['--hook-timeout with a bare number', ['--hook-timeout', '10']],
  ['-p an unknown signal', ['-p', 'FOO'], [/(^|\W)(-p|--pdeath-signal)(\W|$)/, 'FOO']],
  ['--stop-signal KILL (uncatchable)', ['--stop-signal', 'KILL']],
  ['--log-level unknown', ['--log-level', 'loud']],
  ['--log-format unknown', ['--log-format', 'xml']],
  ['--single-child given a value', ['--single-child=yes'], ['--single-child', 'yes']],
  ['--budget smaller than --drain', ['--budget', '10s', '--drain', '20s'], ['--budget', '10s']],
]

/** [variable, value, what is wrong]: the line names the variable and the value. */
const envCases: [string, string, string][] = [
  ['GRACEFUL_INIT_DRAIN', '5', 'with a bare number'],
  ['GRACEFUL_INIT_SINGLE_CHILD', 'maybe', 'not a boolean'],
  ['GRACEFUL_INIT_REWRITE', 'TERM', 'without a colon'],
  ['GRACEFUL_INIT_LOG_LEVEL', 'loud', 'unknown'],
]

const isWord = (o: string | typeof NONE): o is string => o !== NONE
const cases = [
  ...flagCases.map(([what, options, mentions]) => ({ what, options, env: {}, mentions: mentions ?? options.filter(isWord) })),
  ...envCases.map(([name, value, wrong]) => ({ what: `${name} ${wrong}`, options: [], env: { [name]: value }, mentions: [name, value] })),
]

/** [behaviour, flags, env, the signal TERM must become, what must not arrive] */
const rewriteCases: [string, string[], Record<string, string>, string, RegExp][] = [
  ['GRACEFUL_INIT_REWRITE=TERM:QUIT applies when no flag is given', [], { GRACEFUL_INIT_REWRITE: 'TERM:QUIT' }, 'SIGQUIT', /got SIGTERM/],
  ['a --rewrite flag wins over GRACEFUL_INIT_REWRITE', ['-r', 'TERM:HUP'], { GRACEFUL_INIT_REWRITE: 'TERM:QUIT' }, 'SIGHUP', /got SIGQUIT|got SIGTERM/],
]

// A single child stays in the init's session; by default the child leads its own session.
const sessionCases: [string, string[], Record<string, string>, boolean][] = [
  ['by default the child leads its own session (group mode)', [], {}, false],
  ['DUMB_INIT_SETSID=0 means single child', [], { DUMB_INIT_SETSID: '0' }, true],
  ['DUMB_INIT_SETSID=1 means group mode', [], { DUMB_INIT_SETSID: '1' }, false],
  ['GRACEFUL_INIT_SINGLE_CHILD=1 means single child', [], { GRACEFUL_INIT_SINGLE_CHILD: '1' }, true],
  ['-c wins over GRACEFUL_INIT_SINGLE_CHILD=0', ['-c'], { GRACEFUL_INIT_SINGLE_CHILD: '0' }, true],
  ['GRACEFUL_INIT_SINGLE_CHILD=0 wins over DUMB_INIT_SETSID=0', [], { GRACEFUL_INIT_SINGLE_CHILD: '0', DUMB_INIT_SETSID: '0' }, false],
]

for (const mode of placements) {
  t.test(`bad input exits 2 with one line and spawns nothing, ${mode.name}`, async t => {
    await inParallel(cases, 3, async ({ what, options, env, mentions }, i) => {
      const marker = join(dir, `${mode.pid1 ? 'pid1' : 'plain'}-${i}`)
      const noCommand = options.includes(NONE)
      const args = [...options.filter(isWord), ...(noCommand ? [] : ['sh', '-c', `touch ${marker}`])]
      const r = await runInit(t, { pid1: mode.pid1, args, env })
      const lines = r.stderr.split('\n').filter(l => l.trim() !== '')
      t.equal(r.code, 2, `${what}: exit 2`, { stderr: r.stderr })
      t.equal(lines.length, 1, `${what}: exactly one line on stderr`, { stderr: r.stderr })
      for (const m of mentions) t.match(lines[0] ?? '', m, `${what}: the line names ${m}`)
      if (!noCommand) t.notOk(existsSync(marker), `${what}: nothing spawned`)
    })
  })

  t.test(`configuration precedence, ${mode.name}`, async t => {
    for (const [behaviour, args, env, got, notGot] of rewriteCases) {
      t.test(behaviour, async t => {
        const init = startInit(t, { pid1: mode.pid1, args: [...args, ...served('main', ...exitOn(0, ['SIGQUIT', 'SIGHUP', 'SIGTERM']))], env })
        await waitReady(init, 'main')
        await init.kill('SIGTERM')
        const r = await init.waitExit()
        t.match(r.stdout, new RegExp(`^main got ${got} \\d+$`, 'm'))
        t.notMatch(r.stdout, notGot)
        t.equal(r.code, 0)
      })
    }
    for (const [behaviour, args, env, single] of sessionCases) {
      t.test(behaviour, async t => {
        const init = startInit(t, { pid1: mode.pid1, args: [...args, 'sh', '-c', `echo ready; exec sleep 300`], env })
        await init.stdout.waitFor(/^ready$/m)
        const initPid = await init.pid()
        const st = await waitUntil('the child to exec sleep', () => findTagged(init.tag, argv => argv[0] === 'sleep')[0], 5000)
        if (single) t.equal(st.sid, readStat(initPid)?.sid, 'the child is in the init\'s session')
        else t.equal(st.sid, st.pid, 'the child leads its own session')
        await init.kill('SIGTERM')
        t.equal((await init.waitExit()).code, 143, 'SIGTERM reached the child')
      })
    }
  })
}
