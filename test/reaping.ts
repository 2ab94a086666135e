// As PID 1 or subreaper every orphan is reaped promptly and the main child's status never lost;
// in a container no zombie is left for the fixture or `crun exec` to see (with a control).
import t, { type Test } from 'tap'
import { containerColumn } from './lib/container/suite.js'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes, type Mode } from './lib/modes.js'
import { gateNamer, orphansScript, release, stopSleep } from './lib/orphan-gate.js'
import { fixture, node } from './lib/paths.js'
import { childrenOf, cmdline, type ProcStat } from './lib/processes.js'
import { waitUntil } from './lib/wait.js'
import { parallel } from './lib/parallel.js'

const newGate = gateNamer(t)

/** The init's children other than the main child (`sleep 300`). */
function others(initPid: number): ProcStat[] {
  return childrenOf(initPid).filter(st => cmdline(st.pid)[0] !== 'sleep')
}

/** The init running `sh -c 'orphans N FIFO; exec sleep 300'`, once the orphans exist. */
async function startWithOrphans(t: Test, mode: Mode, n: number) {
  const fifo = newGate()
  const init = startInit(t, { pid1: mode.pid1, args: [...modeArgs(mode), 'sh', '-c', orphansScript(n, fifo)] })
  // Forks cost ~5 ms each on a loaded 2-core machine: wait as long as orphans keep coming.
  await init.stdout.waitForProgressing(new RegExp(`^orphans ${n} .*\\n`, 'm'), /^made \d+$/m, STALL_MS)
  return { init, fifo }
}

/** The orphans still there once none are left or `timeoutMs` has passed. */
function orphansLeft(initPid: number, timeoutMs: number, intervalMs: number) {
  return waitUntil('no orphan left', () => others(initPid).length === 0 || undefined, timeoutMs, intervalMs)
    .then(() => [] as ProcStat[], () => others(initPid))
}

/** How long the fixture may go without making 100 more orphans before it counts as stuck. */
const STALL_MS = 30_000

const runAsInit = modes.filter(m => m.pid1 || !m.single)

for (const mode of runAsInit) {
  t.test(`5 orphans leave no zombie within 5 s (reaping is prompt; bench/ times it), ${mode.name}`, async t => {
    const { init, fifo } = await startWithOrphans(t, mode, 5)
    const initPid = await init.pid()
    await waitUntil('the 6 orphans (5 and their gate) to be the init\'s children', () => others(initPid).length === 6, 5000)
    t.pass('the orphans are the init\'s children')
    release(fifo)
    const left = await orphansLeft(initPid, 5000, 10)
    t.same(left.map(st => `${st.pid} ${st.state}`), [], 'no zombie (nor orphan) left 5 s after they exit')
    await stopSleep(t, init)
  })
}

t.test('10,000 orphans released at once leave no zombie, as PID 1', async t => {
  const { init, fifo } = await startWithOrphans(t, modes[0]!, 10_000)
  const initPid = await init.pid()
  await waitUntil('10,001 orphans to be the init\'s children', () => others(initPid).length === 10_001, 30_000, 250)
  release(fifo)
  const left = await orphansLeft(initPid, 30_000, 250)
  t.equal(left.length, 0, 'no zombie left within 30 s', { zombies: left.filter(st => st.state === 'Z').length })
  await stopSleep(t, init)
})

containerColumn(t, 'reaping', (t, suite) => {
  for (const singleChild of [false, true]) {
    t.test(`reaps 50 orphans killed at once: 0 zombies left in the container${singleChild ? ' (--single-child)' : ''}`, { ...parallel(), skip: suite.skip({ singleChild }) }, async t => {
      const c = suite.start({ init: { singleChild }, cmd: [node, fixture('orphans-report.cjs'), '--count', '50', '--wait-ms', '5000'] })
      const [line] = await c.stdout.waitFor(/^\{"orphans".*$/m, 15_000)
      t.same(JSON.parse(line), { orphans: 50, reparented: 50, zombies: 0 }, 'seen by the fixture', { stderr: c.stderr.text })
      t.same((await c.processes()).filter(p => p.state === 'Z'), [], 'seen by crun exec')
      t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 0)
    })
  }

  t.test('negative control: the zombie check sees zombies when PID 1 does not reap', parallel(), async t => {
    // node as PID 1 never reaps what is not its own child: the check must report all 50.
    const c = suite.start({ pid1: [node, fixture('orphans-report.cjs'), '--count', '50', '--wait-ms', '500'] })
    const [line] = await c.stdout.waitFor(/^\{"orphans".*$/m)
    t.same(JSON.parse(line), { orphans: 50, reparented: 50, zombies: 50 })
    t.equal((await c.processes()).filter(p => p.state === 'Z').length, 50, 'crun exec sees the same zombies')
    await c.stop({ timeoutMs: 5000 })
  })
}, 2)
