// Only --stop-signal's signals start the stop sequence (as PID 1, and in a container via the
// image's STOPSIGNAL); every other is forwarded at once before, during and after it.
import t from 'tap'
import { modeArgs, modes } from './lib/modes.js'
import { firstLog } from './lib/log-lines.js'
import { forwardedAtOnce, stopBegun } from './lib/stop/forwarded.js'
import { endedByGrace } from './lib/stop/grace.js'
import { gotSignals, signalAt, startPid1Child, waitGot } from './lib/stop/served.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4 // the cases mostly wait on drains

for (const mode of modes.filter(m => m.pid1)) {
  t.test(`--stop-signal INT --stop-signal QUIT: only those start the stop sequence, others are forwarded at once, ${mode.name}`, parallel(), async t => {
    const init = await startPid1Child(t, ['-v', ...modeArgs(mode), '--stop-signal', 'INT', '--stop-signal', 'QUIT', '--drain', '2s'], ['SIGUSR2:0'])

    // Before: TERM is no stop signal any more, so it goes to the child at once, like HUP.
    await forwardedAtOnce(t, init, 'SIGTERM')
    await forwardedAtOnce(t, init, 'SIGHUP')
    t.notOk(firstLog(init.stderr.text, 'stop: begin'), 'TERM started no stop sequence')

    const stopSent = await signalAt(init, 'SIGQUIT')
    await stopBegun(init)
    t.match(firstLog(init.stderr.text, 'stop: begin'), { signal: 'SIGQUIT' }, 'QUIT started the stop sequence')

    // During the drain: other signals still go through at once.
    await forwardedAtOnce(t, init, 'SIGTERM')
    await forwardedAtOnce(t, init, 'SIGUSR1')
    const quitAt = await waitGot(init, 'child', 'SIGQUIT', 0, 10_000)
    t.ok(quitAt - stopSent >= 2000 - CLOCK_SLACK_MS, `QUIT reached the child after the drain (${quitAt - stopSent} ms)`)

    // After the stop action: still forwarded.
    await forwardedAtOnce(t, init, 'SIGHUP')
    await signalAt(init, 'SIGUSR2')
    const r = await init.waitExit(10_000)
    t.equal(r.code, 0, "the init exits with the child's code")
    t.same(gotSignals(r.stdout, 'child').map(g => g.signal),
      ['SIGTERM', 'SIGHUP', 'SIGTERM', 'SIGUSR1', 'SIGQUIT', 'SIGHUP', 'SIGUSR2'],
      'the child got every signal, once, in order', { stderr: r.stderr })
  })
}

t.test('the stop signals can be given as GRACEFUL_INIT_STOP_SIGNAL (a comma list), as PID 1', parallel(), async t => {
  const init = await startPid1Child(t, ['-v', '--drain', '2s'], ['SIGINT:4', 'SIGTERM:9'], { GRACEFUL_INIT_STOP_SIGNAL: 'INT,QUIT' })
  await forwardedAtOnce(t, init, 'SIGHUP')
  const sent = await signalAt(init, 'SIGINT')
  const r = await init.waitExit(10_000)
  const got = gotSignals(r.stdout, 'child')
  t.same(got.map(g => g.signal), ['SIGHUP', 'SIGINT'], 'INT was held back, then forwarded')
  t.ok(got[1]!.at - sent >= 2000 - CLOCK_SLACK_MS, `INT reached the child after the drain (${got[1]!.at - sent} ms)`)
  t.equal(r.code, 4)
})

containerColumn(t, 'the stop signal', (t, suite) => {
  t.test('--stop-signal QUIT --drain 1s: crun kill QUIT (STOPSIGNAL SIGQUIT) starts the drain', parallel(), async t => {
    const c = await startServed(suite, { stopSignals: ['QUIT'], drain: '1s' })
    const stop = await c.stop({ signal: 'QUIT', timeoutMs: 10_000 })
    const got = gotSignals(c.stdout.text, 'child')
    t.same(got.map(g => g.signal), ['SIGQUIT'], 'the child got the stop signal as it was sent', { stderr: c.stderr.text })
    const delay = (got[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `QUIT reached the child after the drain (${delay} ms)`)
    t.equal(stop.exit.code, 7)
  })

  t.test('--stop-signal INT --grace 1s: crun kill INT (STOPSIGNAL SIGINT) starts the grace', parallel(), async t => {
    await endedByGrace(t, suite, 'INT', { stopSignals: ['INT'], grace: '1s' })
  })
}, 2)
