// --grace as PID 1 and in a container, beside docker stop -t's own timeout (with a control).
import t from 'tap'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes } from './lib/modes.js'
import { shellJoin } from './lib/shell.js'
import { exitingAt, served, signalAt, startPid1Child, waitGot, waitReady } from './lib/stop/served.js'
import { allGone } from './lib/stop/gone.js'
import { endedByGrace } from './lib/stop/grace.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { LEVEL, hasLog, logsOf } from './lib/log-lines.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4

for (const mode of modes.filter(m => m.pid1)) {
  t.test(`--grace 1s: a child alive 1 s after the stop action is SIGKILLed with every process, exit 137 and a warning, ${mode.name}`, parallel(), async t => {
    // `other` leaves the child's session: only "every process" (kill -1 as PID 1) reaches it.
    const script = `setsid ${shellJoin(served('other'))} & exec ${shellJoin(served('main'))}`
    const init = startInit(t, { pid1: true, args: [...modeArgs(mode), '--grace', '1s', 'sh', '-c', script] })
    await Promise.all([waitReady(init, 'main'), waitReady(init, 'other')])
    const sent = await signalAt(init, 'SIGTERM')
    await waitGot(init, 'main', 'SIGTERM')
    const r = await init.waitExit(10_000)
    t.equal(r.code, 137, 'exit 137', { stderr: r.stderr })
    const waited = init.exitedAt - sent
    t.ok(waited >= 1000 - CLOCK_SLACK_MS && waited < 6000, `after the grace (${waited} ms)`)
    const warning = logsOf(r.stderr).find(l => l.level >= LEVEL.warn && l.signal === 'SIGKILL')
    t.ok(warning, 'a warning at the default level names SIGKILL', { stderr: r.stderr })
    t.match(warning, { waitedMs: 1000, target: 'all' }, 'and the wait, and that it killed every process (PID 1)')
    await allGone(init)
    t.pass('nothing is left running')
  })
}

t.test('--grace 5s: a child exiting within the grace gives its own status, at once, no warning, as PID 1', parallel(), async t => {
  const init = await startPid1Child(t, ['--grace', '5s'], ['SIGTERM:7'])
  const sent = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 7)
  t.ok((exitingAt(r.stdout, 'child') ?? NaN) - sent < 2000, 'the child got TERM at once')
  t.same(logsOf(r.stderr).filter(l => l.level >= LEVEL.warn), [], 'no warning')
})

containerColumn(t, 'the grace', (t, suite) => {
  t.test('--grace 1s: a child that ignores TERM is SIGKILLed, exit 137 and a warning', parallel(), async t => {
    const c = await endedByGrace(t, suite, 'TERM', { grace: '1s' })
    t.ok(logsOf(c.stderr.text).some(l => l.level >= LEVEL.warn), 'logged a warning', { stderr: c.stderr.text })
    t.ok(hasLog(c.stderr.text, { msg: 'exit', code: 137 }), 'logged its own exit 137 (not SIGKILLed itself)')
  })

  t.test('docker stop -t 1.5: a child that ignores TERM runs until the KILL, exit 137', parallel(), async t => {
    const c = await startServed(suite, {}, { options: [] })
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 1500 })
    await waitGot(c, 'child', 'SIGTERM')
    t.ok(stop.killed, 'the stop timeout passed and KILL was sent', { stderr: c.stderr.text })
    t.equal(stop.exit.code, 137, 'the exit status reflects SIGKILL')
    t.ok(stop.exit.at - stop.sentAt >= 1500, `exited after the stop timeout (${stop.exit.at - stop.sentAt} ms)`)
  })

  t.test('negative control: with no init, crun kill reaches PID 1 and KILL after the stop timeout gives 137', parallel(), async t => {
    const c = suite.start({ pid1: served('pid1') })
    await waitReady(c, 'pid1')
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 500 })
    t.ok(stop.killed, 'a PID 1 that ignores TERM needs KILL')
    t.equal(stop.exit.code, 137)
    t.match(c.stdout.text, /^pid1 got SIGTERM \d+$/m, 'the TERM reached PID 1')
  })
}, 2)
