// Reaping: as PID 1, or as a subreaper when not PID 1, every orphan is reaped promptly and the
// main child's exit status is never lost; -p sets the signal the init gets when its parent dies.
// In a container, no zombie is left for the fixture inside or `crun exec` to see.
import t, { type Test } from 'tap'
import { closeSync, mkdtempSync, openSync, constants as fsc, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { containerColumn } from './lib/container/suite.js'
import { startInit, type InitProcess } from './lib/init-process.js'
import { modeArgs, modes, type Mode } from './lib/modes.js'
import { fixture, node, printer } from './lib/paths.js'
import { childrenOf, cmdline, readStat, type ProcStat } from './lib/processes.js'
import { cFixture } from './lib/c-fixture.js'
import { shellJoin } from './lib/shell.js'
import { waitUntil } from './lib/wait.js'
import { parallel } from './lib/parallel.js'

const dir = mkdtempSync(join(tmpdir(), 'gi-reap-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
let fifoCount = 0

/** Ends the orphans' gate: they all exit at once. */
function release(fifo: string): void {
  const fd = openSync(fifo, fsc.O_WRONLY | fsc.O_NONBLOCK)
  writeSync(fd, 'x')
  closeSync(fd)
}

/** The init's children other than the main child (`sleep 300`). */
function others(initPid: number): ProcStat[] {
  return childrenOf(initPid).filter(st => cmdline(st.pid)[0] !== 'sleep')
}

/** The init running `sh -c 'orphans N FIFO; exec sleep 300'`, once the orphans exist. */
async function startWithOrphans(t: Test, mode: Mode, n: number, options: string[] = []) {
  const fifo = join(dir, `gate-${process.pid}-${fifoCount++}`)
  const script = `${shellJoin([cFixture('orphans'), String(n), fifo])} && exec sleep 300`
  const init = startInit(t, { pid1: mode.pid1, args: [...options, ...modeArgs(mode), 'sh', '-c', script] })
  // Forks cost ~5 ms each on a loaded 2-core machine: wait as long as orphans keep coming.
  const [line] = await init.stdout.waitForProgressing(new RegExp(`^orphans ${n} .*\\n`, 'm'), /^made \d+$/m, STALL_MS)
  const [gate = 0, ...leaves] = line.trim().split(' ').slice(2).map(Number)
  return { init, fifo, gate, leaves }
}

/** Stops the `sleep 300` child with TERM: its status (143) must not be lost to the reaper. */
async function stop(t: Test, init: InitProcess): Promise<void> {
  await init.kill('SIGTERM')
  const r = await init.waitExit(15_000)
  t.equal(r.code, 143, 'the main child\'s exit status (SIGTERM: 143) is not lost')
}

/** How long the orphans fixture may go without making 100 more (or finishing) before it counts as stuck. */
const STALL_MS = 30_000

const runAsInit = modes.filter(m => m.pid1 || !m.single)

for (const mode of runAsInit) {
  t.test(`5 orphans leave no zombie within 5 s (reaping is prompt; bench/ times it), ${mode.name}`, async t => {
    const { init, fifo } = await startWithOrphans(t, mode, 5)
    const initPid = await init.pid()
    await waitUntil('the 6 orphans (5 and their gate) to be the init\'s children', () => others(initPid).length === 6, 5000)
    t.pass('the orphans are the init\'s children')
    release(fifo)
    const left = await waitUntil('no orphan left', () => others(initPid).length === 0 || undefined, 5000, 10)
      .then(() => [] as ProcStat[], () => others(initPid))
    t.same(left.map(st => `${st.pid} ${st.state}`), [], 'no zombie (nor orphan) left 5 s after they exit')
    await stop(t, init)
  })
}

t.test('10,000 orphans released at once leave no zombie, as PID 1', async t => {
  const mode = modes[0]!
  const { init, fifo } = await startWithOrphans(t, mode, 10_000)
  const initPid = await init.pid()
  await waitUntil('10,001 orphans to be the init\'s children', () => others(initPid).length === 10_001, 30_000, 250)
  release(fifo)
  const left = await waitUntil('no orphan left', () => others(initPid).length === 0 || undefined, 30_000, 250)
    .then(() => [] as ProcStat[], () => others(initPid))
  t.equal(left.length, 0, 'no zombie left within 30 s', { zombies: left.filter(st => st.state === 'Z').length })
  await stop(t, init)
})

/** [behaviour, options, env, is the init the orphan's parent] */
const subreaper: [string, string[], Record<string, string>, boolean][] = [
  ['is a subreaper by default', [], {}, true],
  ['is a subreaper with -s', ['-s'], {}, true],
  ['is not a subreaper with --no-subreaper', ['--no-subreaper'], {}, false],
  ['is not a subreaper with GRACEFUL_INIT_SUBREAPER=0', [], { GRACEFUL_INIT_SUBREAPER: '0' }, false],
]

for (const [behaviour, options, env, adopts] of subreaper) {
  t.test(`as a plain process the init ${behaviour}`, async t => {
    const fifo = join(dir, `gate-${process.pid}-${fifoCount++}`)
    const script = `${shellJoin([cFixture('orphans'), '1', fifo])} && exec sleep 300`
    const init = startInit(t, { args: [...options, 'sh', '-c', script], env })
    const [line] = await init.stdout.waitFor(/^orphans 1 .*$/m)
    const leaf = Number(line.split(' ')[3])
    const initPid = await init.pid()
    const ppid = readStat(leaf)?.ppid
    if (adopts) t.equal(ppid, initPid, 'the orphan\'s parent is the init')
    else t.not(ppid, initPid, 'the orphan\'s parent is not the init')
    t.ok(ppid, 'the orphan exists')
    release(fifo)
    await stop(t, init)
  })
}

/** [behaviour, pid1, options, does the child get SIGUSR2 when the init's parent dies] */
const pdeath: [string, boolean, string[], boolean][] = [
  ['-p USR2: the init gets SIGUSR2 when its parent dies, and forwards it', false, ['-p', 'USR2'], true],
  ['--pdeath-signal SIGUSR2 works the same', false, ['--pdeath-signal', 'SIGUSR2'], true],
  ['as PID 1, -p USR2 replaces unshare\'s --kill-child signal', true, ['-p', 'USR2'], true],
  ['without -p, the parent\'s death sends nothing', false, [], false],
]

for (const [behaviour, pid1, options, gets] of pdeath) {
  t.test(behaviour, async t => {
    const init = startInit(t, {
      pid1,
      args: [...options, ...printer('main', '--exit-on', 'SIGTERM:0')],
      // As a plain process, the parent is a shell; as PID 1 it is unshare itself.
      ...(pid1 ? {} : { wrap: (argv: string[]) => ['sh', '-c', `${shellJoin(argv)} & wait`] }),
    })
    await init.stdout.waitFor(/^main ready/m)
    const initPid = await init.pid()
    process.kill(init.proc.pid!, 'SIGKILL')
    if (gets) {
      await init.stdout.waitFor(/^main got SIGUSR2$/m)
      t.pass('the child got SIGUSR2')
    } else {
      // Barrier: HUP is sent after the parent died; a SIGUSR2 would have come first.
      await waitUntil('the init to be orphaned', () => readStat(initPid)?.ppid !== init.proc.pid, 5000)
      process.kill(initPid, 'SIGHUP')
      await init.stdout.waitFor(/^main got SIGHUP$/m)
      t.notMatch(init.stdout.text, /SIGUSR2/, 'the child got no SIGUSR2')
    }
    process.kill(initPid, 'SIGTERM')
    await init.stdout.waitFor(/^main got SIGTERM$/m)
  })
}

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
