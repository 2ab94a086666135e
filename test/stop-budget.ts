// --budget (the orchestrator's stop timeout): a sequence that cannot fit is refused before the
// spawn. Every stop option works from its GRACEFUL_INIT_* variable (flag > env).
import t, { type Test } from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInit } from './lib/init-process.js'
import { firstLog, timeline } from './lib/log-lines.js'
import { gotSignals, signalAt, startPid1Child, waitGot } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4

/** Drain 4 s + grace 2 s: 1 s over a 5 s budget. */
const OVER_BUDGET_ENV = { GRACEFUL_INIT_BUDGET: '5s', GRACEFUL_INIT_DRAIN: '4s', GRACEFUL_INIT_GRACE: '2s' }

/** [why it cannot fit, init options, env, what the one line must say] */
const refused: [string, string[], Record<string, string>, (string | RegExp)[]][] = [
  ['drain + grace over the budget', ['--budget', '5s', '--drain', '4s', '--grace', '2s'], {},
    ['--budget', '5s', 'drain 4s', 'grace 2s', /over by 1s/]],
  ['hooks × hook timeout + grace over the budget', ['--budget', '10s', '--pre-stop', 'true', '--pre-stop', 'true', '--hook-timeout', '5s', '--grace', '1s'], {},
    ['--budget', '10s', /hooks 2\s*[×x*]\s*5s/, 'grace 1s', /over by 1s/]],
  ['drain + stop command timeout + grace over the budget', ['--budget', '5s', '--drain', '3s', '--stop-command', 'true', '--hook-timeout', '1s', '--grace', '1500ms'], {},
    ['--budget', '5s', 'drain 3s', /stop command 1s/, /grace 1\.5s|grace 1500ms/, /over by 500ms/]],
  ['a drain that leaves no time for a grace', ['--budget', '5s', '--drain', '5s'], {},
    ['--budget', '5s', 'drain 5s', /grace/]],
  ['the same from GRACEFUL_INIT_BUDGET, GRACEFUL_INIT_DRAIN and GRACEFUL_INIT_GRACE', [], OVER_BUDGET_ENV,
    ['5s', 'drain 4s', 'grace 2s', /over by 1s/]],
]

t.test('--budget refuses a stop sequence that cannot fit, before spawning, as PID 1', parallel(), async t => {
  const dir = tempDir(t)
  for (const [i, [why, options, env, says]] of refused.entries()) {
    const marker = join(dir, `spawned-${i}`)
    const r = await runInit(t, { pid1: true, env, args: [...options, 'touch', marker] })
    t.equal(r.code, 2, `${why}: exit 2`, { stderr: r.stderr })
    const lines = r.stderr.split('\n').filter(Boolean)
    t.equal(lines.length, 1, `${why}: one line on stderr`)
    for (const s of says) t.match(lines[0] ?? '', s, `${why}: says ${String(s)}`)
    t.notOk(existsSync(marker), `${why}: nothing was spawned`)
  }
})

t.test('a --budget error from GRACEFUL_INIT_BUDGET names that variable, as PID 1', parallel(), async t => {
  const r = await runInit(t, { pid1: true, env: OVER_BUDGET_ENV, args: ['true'] })
  t.equal(r.code, 2)
  t.match(r.stderr, /GRACEFUL_INIT_BUDGET/, 'the line names GRACEFUL_INIT_BUDGET, where the value came from', { stderr: r.stderr })
})

/** served.cjs (exit 7 on TERM) as PID 1's child: checks the code, returns the ms TERM took to reach it. */
async function termDelay(t: Test, args: string[], env?: Record<string, string>) {
  const init = await startPid1Child(t, args, ['SIGTERM:7'], env)
  const sent = await signalAt(init, 'SIGTERM')
  const termAt = await waitGot(init, 'child', 'SIGTERM', 0, 10_000)
  t.equal((await init.waitExit(10_000)).code, 7)
  return termAt - sent
}

t.test('a stop sequence that fits the budget runs, as PID 1', parallel(), async t => {
  const ms = await termDelay(t, ['--budget', '10s', '--drain', '1s', '--pre-stop', 'true', '--hook-timeout', '2s', '--grace', '3s'])
  t.ok(ms >= 1000 - CLOCK_SLACK_MS, `the drain applies (${ms} ms)`)
})

t.test('GRACEFUL_INIT_DRAIN=1500ms works like --drain 1500ms, and a flag wins over it, as PID 1', parallel(), async t => {
  t.test('from the environment', async t => {
    const ms = await termDelay(t, [], { GRACEFUL_INIT_DRAIN: '1500ms' })
    t.ok(ms >= 1500 - CLOCK_SLACK_MS && ms < 5000, `TERM came after the drain (${ms} ms)`)
  })
  t.test('--drain 0 over GRACEFUL_INIT_DRAIN=30s', async t => {
    const ms = await termDelay(t, ['--drain', '0'], { GRACEFUL_INIT_DRAIN: '30s' })
    t.ok(ms < 1000, `TERM went through at once (${ms} ms)`)
  })
})

t.test('every stop-sequence option works from its GRACEFUL_INIT_* variable, in one run, as PID 1', parallel(), async t => {
  const dir = tempDir(t)
  const ready = join(dir, 'ready')
  const file = join(dir, 'hooks')
  const init = await startPid1Child(t, [], [], {
    GRACEFUL_INIT_VERBOSE: '1',
    GRACEFUL_INIT_STOP_SIGNAL: 'INT',
    GRACEFUL_INIT_DRAIN: '1s',
    GRACEFUL_INIT_PRE_STOP: `echo a >> ${file}\necho b >> ${file}\nsleep 36`,
    GRACEFUL_INIT_HOOK_TIMEOUT: '300ms',
    GRACEFUL_INIT_STOP_COMMAND: 'kill -USR2 "$GRACEFUL_INIT_CHILD_PID"',
    GRACEFUL_INIT_GRACE: '1s',
    GRACEFUL_INIT_READY_FILE: ready,
    GRACEFUL_INIT_BUDGET: '10s',
  })
  await waitUntil('GRACEFUL_INIT_READY_FILE', () => existsSync(ready), 20_000, 5)
  t.pass('GRACEFUL_INIT_READY_FILE: written')
  // TERM is not a stop signal here: forwarded at once.
  const termSent = await signalAt(init, 'SIGTERM')
  const termAt = await waitGot(init, 'child', 'SIGTERM')
  t.ok(termAt - termSent < 1000, 'GRACEFUL_INIT_STOP_SIGNAL=INT: TERM is forwarded at once')
  const sent = await signalAt(init, 'SIGINT')
  const r = await init.waitExit(15_000)
  const got = gotSignals(r.stdout, 'child')
  t.same(got.map(g => g.signal), ['SIGTERM', 'SIGUSR2'], 'GRACEFUL_INIT_STOP_COMMAND: the child got USR2 from it, and no INT', { timeline: timeline(r.stderr) })
  const usr2Ms = (got[1]?.at ?? NaN) - sent
  t.ok(usr2Ms >= 1000 - CLOCK_SLACK_MS, `GRACEFUL_INIT_DRAIN=1s: the stop command ran after the drain (${usr2Ms} ms)`)
  t.match(firstLog(r.stderr, 'stop: begin'), { signal: 'SIGINT' }, 'GRACEFUL_INIT_STOP_SIGNAL=INT: INT started the sequence')
  t.same(readFileSync(file, 'utf8').split('\n').filter(Boolean), ['a', 'b'], 'GRACEFUL_INIT_PRE_STOP: one hook per line, in order')
  t.match(firstLog(r.stderr, 'stop: hook timed out, killed'), { hook: 2, timedOut: true }, 'GRACEFUL_INIT_HOOK_TIMEOUT=300ms: the third hook was killed')
  t.equal(r.code, 137, 'GRACEFUL_INIT_GRACE=1s: the child, ignoring USR2, was killed after the grace')
  t.match(firstLog(r.stderr, 'stop: grace expired, killing'), { waitedMs: 1000 })
  t.notOk(existsSync(ready), 'GRACEFUL_INIT_READY_FILE: removed')
  t.match(r.stderr, /"msg":"received"/, 'GRACEFUL_INIT_VERBOSE=1: info lines')
})
