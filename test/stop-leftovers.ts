// As PID 1, when the main child exits the rest of its group gets TERM and the rest of the grace,
// then SIGKILL; dumb-init exits at once and the kernel kills them mid-handler.
import t, { type Test } from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startInit, type InitProcess } from './lib/init-process.js'
import { exitingAt, gotSignals, inGroup, served, signalAt, waitReady } from './lib/stop/served.js'
import { allGone } from './lib/stop/gone.js'
import { tempDir } from './lib/stop/temp.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { LEVEL, firstLog, timeline } from './lib/log-lines.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4

const DUMB_INIT = '/usr/bin/dumb-init'
const KILLING = 'leftovers: grace expired, killing'
const waitBoth = (init: InitProcess) => Promise.all([waitReady(init, 'main'), waitReady(init, 'left')])

/** `main` exits 3 on USR1 (forwarded to both); `left`, in its group, cleans up for 500 ms on TERM, then writes `file`. */
const leftoverScript = (file: string) => inGroup(served('left', '--cleanup', `SIGTERM:500:${file}`), served('main', '--exit-on', 'SIGUSR1:3'))

/** Once both are ready, USR1 ends `main`; waits for the init's exit and for every process to go. */
async function mainExits(init: InitProcess, timeoutMs = 15_000) {
  await waitBoth(init)
  await signalAt(init, 'SIGUSR1')
  const r = await init.waitExit(timeoutMs)
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
    t.ok(existsSync(file) && readFileSync(file, 'utf8') === 'left cleaned up\n', "the leftover's handler wrote its file", { stderr: r.stderr })
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
    t.equal(r.code, 3, "the main child's code")
    t.notOk(existsSync(file), "the leftover's handler never wrote its file")
    t.notMatch(r.stdout, /^left cleaned/m, 'nor said it had cleaned up')
  })
})

/** As above, but `left` ignores everything. */
async function leaveLeftover(t: Test, options: string[], timeoutMs: number) {
  const init = startInit(t, { pid1: true, args: [...options, ...inGroup(served('left'), served('main', '--exit-on', 'SIGUSR1:3'))] })
  const r = await mainExits(init, timeoutMs)
  t.equal(r.code, 3)
  return r
}

t.test('leftovers get the rewritten TERM and the rest of the grace, then SIGKILL, as PID 1', parallel(), async t => {
  const r = await leaveLeftover(t, ['-r', 'TERM:QUIT', '--grace', '1s'], 10_000)
  // Sorted: a leftover not yet scheduled has USR1 and QUIT pending at once, and the kernel
  // delivers the lower number (QUIT) first (seen beside two yes).
  t.same(gotSignals(r.stdout, 'left').map(g => g.signal).sort(), ['SIGQUIT', 'SIGUSR1'], 'the leftover got QUIT (TERM rewritten), no TERM')
  const mainExit = exitingAt(r.stdout, 'main') ?? NaN
  const kill = firstLog(r.stderr, KILLING)
  t.ok(kill && kill.level >= LEVEL.warn, 'a warning says the leftovers were killed', { stderr: r.stderr })
  t.match(kill, { signal: 'SIGKILL' })
  const waited = Number(kill?.time) - mainExit
  t.ok(waited >= 1000 - CLOCK_SLACK_MS && waited < 5000, `after the grace (${waited} ms)`)
})

t.test('without --grace, leftovers that ignore TERM still get a few seconds, then SIGKILL, as PID 1', parallel(), async t => {
  const r = await leaveLeftover(t, [], 15_000)
  t.same(gotSignals(r.stdout, 'left').map(g => g.signal), ['SIGUSR1', 'SIGTERM'], 'the leftover got TERM')
  const mainExit = exitingAt(r.stdout, 'main') ?? NaN
  const initExit = firstLog(r.stderr, 'exit')?.time ?? Date.now()
  t.ok(initExit - mainExit >= 1000 && initExit - mainExit < 10_000, `the leftover had a few seconds (${initExit - mainExit} ms)`, { stderr: r.stderr })
})

t.test('leftovers get only the rest of the grace that began at the stop action, as PID 1', parallel(), async t => {
  const dir = tempDir(t)
  // main cleans up for 3 s on TERM, then exits 0; left ignores TERM.
  const main = served('main', '--cleanup', `SIGTERM:3000:${join(dir, 'main')}`)
  const init = startInit(t, { pid1: true, args: ['-v', '--grace', '4s', ...inGroup(served('left'), main)] })
  await waitBoth(init)
  const sent = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(15_000)
  const total = init.exitedAt - sent
  // The grace counts from the stop action: ~4 s after TERM, not 3 s + 4 s (init's clock, judged
  // half-way).
  const begin = firstLog(r.stderr, 'stop: begin')?.time ?? NaN
  const kill = firstLog(r.stderr, KILLING)
  const killAt = (kill?.time ?? NaN) - begin
  const info = { timeline: timeline(r.stderr) }
  t.ok(killAt >= 4000 - CLOCK_SLACK_MS && killAt < 5500, `the leftover was killed ${killAt} ms after the stop began`, info)
  t.ok(total >= 4000 - CLOCK_SLACK_MS && total < 7000, `the init ended ${total} ms after TERM (not 7 s)`, info)
  t.equal(r.code, 0, "the main child's code (it exited in time; only a leftover was killed)")
  t.ok(kill, 'the leftover was killed')
  await allGone(init)
})
