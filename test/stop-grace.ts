// The end of the stop sequence, as PID 1: --grace then SIGKILL (exit 137, a warning), and what
// happens to the leftovers of the child's process group when the main child exits: they get
// the rewritten TERM and the rest of the grace to run their handlers. Debian's dumb-init, run
// the same way, exits at once, and the kernel kills its leftovers mid-handler.
import t, { type Test } from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startInit, type InitExit, type InitProcess } from './lib/init-process.js'
import { modeArgs, modes } from './lib/modes.js'
import { runningTagged } from './lib/processes.js'
import { shellJoin } from './lib/shell.js'
import { exitingAt, gotSignals, served, signalAt, waitGot, waitReady } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly, type InitOptions } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { LEVEL, firstLog, hasLog, logsOf, timeline } from './lib/log-lines.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4


const DUMB_INIT = '/usr/bin/dumb-init'

/** Waits until every process the run started has died (the init, the child, its leftovers). */
async function allGone(init: InitProcess): Promise<void> {
  await waitUntil('every process of the run to be gone', () => runningTagged(init.tag).length === 0, 20_000)
}

for (const mode of modes.filter(m => m.pid1)) {
  t.test(`--grace 1s: a child still alive 1 s after the stop action is SIGKILLed with every process, exit 137 and a warning naming the signal and the wait, ${mode.name}`, parallel(), async t => {
    // `other` leaves the child's session: only "every process" (kill -1 as PID 1) reaches it.
    const script = `setsid ${shellJoin(served('other'))} & exec ${shellJoin(served('main'))}`
    const init = startInit(t, { pid1: true, args: [...modeArgs(mode), '--grace', '1s', 'sh', '-c', script] })
    await waitReady(init, 'main')
    await waitReady(init, 'other')
    let exitedAt = NaN
    init.proc.once('exit', () => (exitedAt = Date.now()))
    const sent = await signalAt(init, 'SIGTERM')
    await waitGot(init, 'main', 'SIGTERM', 0, 20_000)
    const r = await init.waitExit(10_000)
    t.equal(r.code, 137, 'exit 137', { stderr: r.stderr })
    const waited = exitedAt - sent
    t.ok(waited >= 1000 - CLOCK_SLACK_MS && waited < 6000, `after the grace (${waited} ms)`)
    const warning = logsOf(r.stderr).find(l => l.level >= LEVEL.warn && l.signal === 'SIGKILL')
    t.ok(warning, 'a warning at the default level names SIGKILL', { stderr: r.stderr })
    t.match(warning, { waitedMs: 1000, target: 'all' }, 'and how long it waited, and that it killed every process (PID 1)')
    await allGone(init)
    t.pass('nothing is left running')
  })
}

t.test('--grace 5s: a child that exits within the grace gives its own status, at once, with no warning, as PID 1', parallel(), async t => {
  const init = startInit(t, { pid1: true, args: ['--grace', '5s', ...served('child', '--exit-on', 'SIGTERM:7')] })
  await waitReady(init, 'child')
  const sent = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 7)
  t.ok((exitingAt(r.stdout, 'child') ?? NaN) - sent < 2000, 'the child got TERM at once')
  t.same(logsOf(r.stderr).filter(l => l.level >= LEVEL.warn), [], 'no warning')
})

/**
 * The main child and a leftover in its process group: `left` (started first) cleans up for
 * 500 ms on TERM, then writes `file`; `main` exits 3 on USR1, which the init forwards to both.
 */
function leftoverScript(file: string): string[] {
  const left = served('left', '--cleanup', `SIGTERM:500:${file}`)
  const main = served('main', '--exit-on', 'SIGUSR1:3')
  return ['sh', '-c', `${shellJoin(left)} & exec ${shellJoin(main)}`]
}

/** Starts the family under `init`, makes the main child exit, and waits for the init's end. */
async function mainExits(init: InitProcess) {
  await waitReady(init, 'main')
  await waitReady(init, 'left')
  await signalAt(init, 'SIGUSR1')
  const r = await init.waitExit(15_000)
  await allGone(init)
  return r
}

t.test("when the main child exits, a leftover's TERM handler runs to completion under graceful-init as PID 1, and not under dumb-init", parallel(), async t => {
  const dir = tempDir(t)
  t.test('graceful-init: the leftover gets TERM and time to finish its 500 ms cleanup', async t => {
    const file = join(dir, 'graceful-init')
    const init = startInit(t, { pid1: true, args: ['-v', ...leftoverScript(file)] })
    const r = await mainExits(init)
    t.equal(r.code, 3, "the init exits with the main child's code")
    t.same(gotSignals(r.stdout, 'left').map(g => g.signal), ['SIGUSR1', 'SIGTERM'], 'the leftover got TERM after the main child exited')
    t.ok(existsSync(file) && readFileSync(file, 'utf8') === 'left cleaned up\n', "the leftover's handler completed: it wrote its file", { stderr: r.stderr })
    const mainExit = exitingAt(r.stdout, 'main') ?? NaN
    const initExit = firstLog(r.stderr, 'exit')?.time ?? NaN
    t.ok(initExit - mainExit >= 500 - CLOCK_SLACK_MS, `the init waited for it (${initExit - mainExit} ms)`)
    t.ok(firstLog(r.stderr, 'leftovers: gone'), 'logged that the leftovers were gone')
  })
  if (!existsSync(DUMB_INIT)) t.fail(`${DUMB_INIT} is missing: apt-get install dumb-init (.ci/run does)`)
  t.test('dumb-init: it exits at once and the kernel kills the leftover mid-cleanup', { skip: !existsSync(DUMB_INIT) && 'apt-get install dumb-init' }, async t => {
    const file = join(dir, 'dumb-init')
    const init = startInit(t, { init: 'dumb-init', pid1: true, args: leftoverScript(file) })
    const r = await mainExits(init)
    t.equal(r.code, 3, "dumb-init exits with the main child's code too")
    t.notOk(existsSync(file), "the leftover's handler never completed: no file")
    t.notMatch(r.stdout, /^left cleaned/m, 'and it never said it had cleaned up')
  })
})

/** main (exits 3 on USR1) and left (ignores everything) in one group: USR1 leaves the leftover. */
async function leaveLeftover(t: Test, options: string[], timeoutMs: number): Promise<{ init: InitProcess; r: InitExit }> {
  const script = `${shellJoin(served('left'))} & exec ${shellJoin(served('main', '--exit-on', 'SIGUSR1:3'))}`
  const init = startInit(t, { pid1: true, args: [...options, 'sh', '-c', script] })
  await waitReady(init, 'main')
  await waitReady(init, 'left')
  await signalAt(init, 'SIGUSR1')
  const r = await init.waitExit(timeoutMs)
  t.equal(r.code, 3)
  return { init, r }
}

t.test('leftovers get the rewritten TERM and the rest of the grace, then SIGKILL with a warning; the exit code stays the child\'s, as PID 1', parallel(), async t => {
  const { init, r } = await leaveLeftover(t, ['-r', 'TERM:QUIT', '--grace', '1s'], 10_000)
  t.same(gotSignals(r.stdout, 'left').map(g => g.signal), ['SIGUSR1', 'SIGQUIT'], 'the leftover got QUIT (TERM, rewritten)')
  const mainExit = exitingAt(r.stdout, 'main') ?? NaN
  const kill = firstLog(r.stderr, 'leftovers: grace expired, killing')
  t.ok(kill && kill.level >= LEVEL.warn, 'a warning says the leftovers were killed', { stderr: r.stderr })
  t.match(kill, { signal: 'SIGKILL' })
  const waited = Number(kill?.time) - mainExit
  t.ok(waited >= 1000 - CLOCK_SLACK_MS && waited < 5000, `after the grace (${waited} ms)`)
  await allGone(init)
})

t.test('without --grace, leftovers that ignore TERM still get a few seconds, then SIGKILL, as PID 1', parallel(), async t => {
  const { init, r } = await leaveLeftover(t, [], 15_000)
  t.same(gotSignals(r.stdout, 'left').map(g => g.signal), ['SIGUSR1', 'SIGTERM'], 'the leftover got TERM')
  const mainExit = exitingAt(r.stdout, 'main') ?? NaN
  const initExit = firstLog(r.stderr, 'exit')?.time ?? Date.now()
  t.ok(initExit - mainExit >= 1000 && initExit - mainExit < 10_000, `the leftover had a few seconds (${initExit - mainExit} ms)`, { stderr: r.stderr })
  await allGone(init)
})

t.test('leftovers get only the rest of the grace that began at the stop action, as PID 1', parallel(), async t => {
  const dir = tempDir(t)
  // main cleans up for 3 s on TERM, then exits 0; left ignores TERM.
  const main = served('main', '--cleanup', `SIGTERM:3000:${join(dir, 'main')}`)
  const script = `${shellJoin(served('left'))} & exec ${shellJoin(main)}`
  const init = startInit(t, { pid1: true, args: ['-v', '--grace', '4s', 'sh', '-c', script] })
  await waitReady(init, 'main')
  await waitReady(init, 'left')
  let exitedAt = NaN
  init.proc.once('exit', () => (exitedAt = Date.now()))
  const sent = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(15_000)
  const total = exitedAt - sent
  // 4 s grace from the stop action: the leftover dies ~4 s after TERM, not 3 s + 4 s. Read on
  // the init's own clock, and judged half-way between the two.
  const begin = firstLog(r.stderr, 'stop: begin')?.time ?? NaN
  const killAt = (firstLog(r.stderr, 'leftovers: grace expired, killing')?.time ?? NaN) - begin
  t.ok(killAt >= 4000 - CLOCK_SLACK_MS && killAt < 5500, `the leftover was killed ${killAt} ms after the stop began`, { timeline: timeline(r.stderr) })
  t.ok(total >= 4000 - CLOCK_SLACK_MS && total < 7000, `the init ended ${total} ms after TERM (not 7 s)`, { timeline: timeline(r.stderr) })
  t.equal(r.code, 0, "the main child's code (it exited in time; only a leftover was killed)")
  t.ok(firstLog(r.stderr, 'leftovers: grace expired, killing'), 'the leftover was killed')
  await allGone(init)
})

containerColumn(t, 'the grace', (t, suite) => {
  /** The grace ends a child that ignores the stop signal: exit 137 before the stop timeout. */
  const graceCase = (stopSignal: string, init: InitOptions) => async (t: Test) => {
    const c = await startServed(suite, init, { options: [] })
    const stop = await c.stop({ signal: stopSignal, timeoutMs: 10_000 })
    await waitGot(c, 'child', `SIG${stopSignal}`)
    const elapsed = stop.exit.at - stop.sentAt
    t.notOk(stop.killed, 'graceful-init ended it, not the stop timeout', { stderr: c.stderr.text })
    t.equal(stop.exit.code, 137)
    t.ok(elapsed >= 1000 && elapsed < 5000, `exited after the grace (${elapsed} ms)`)
    return c
  }

  t.test('--grace 1s: a child that ignores TERM is SIGKILLed, exit 137 and a warning', parallel(), async t => {
    const c = await graceCase('TERM', { grace: '1s', verbose: true })(t)
    t.ok(logsOf(c.stderr.text).some(l => l.level >= LEVEL.warn), 'logged a warning', { stderr: c.stderr.text })
    t.ok(hasLog(c.stderr.text, { msg: 'exit', code: 137 }), 'logged its own exit 137 (it was not SIGKILLed itself)')
  })

  t.test('--stop-signal INT --grace 1s: crun kill INT (STOPSIGNAL SIGINT) starts the grace', parallel(), async t => {
    await graceCase('INT', { stopSignals: ['INT'], grace: '1s' })(t)
  })

  t.test('docker stop -t 1.5: a child that ignores TERM runs until the KILL, exit 137', parallel(), async t => {
    const c = await startServed(suite, {}, { options: [] })
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 1500 })
    await waitGot(c, 'child', 'SIGTERM')
    t.ok(stop.killed, 'the stop timeout passed and KILL was sent', { stderr: c.stderr.text })
    t.equal(stop.exit.code, 137, 'the exit status reflects SIGKILL')
    t.ok(stop.exit.at - stop.sentAt >= 1500, `exited after the stop timeout (${stop.exit.at - stop.sentAt} ms)`)
  })

  t.test('negative control: crun kill reaches PID 1, and KILL after the stop timeout gives 137, with no init', parallel(), async t => {
    const c = suite.start({ pid1: served('pid1') })
    await waitReady(c, 'pid1')
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 500 })
    t.ok(stop.killed, 'a PID 1 that ignores TERM needs KILL')
    t.equal(stop.exit.code, 137)
    t.match(c.stdout.text, /^pid1 got SIGTERM \d+$/m, 'the TERM reached PID 1')
  })
}, 2)
