// The stop sequence, driven the way Docker and the kubelet stop a container: the stop signal
// (`crun kill ID TERM`, or the image's STOPSIGNAL), then `crun kill ID KILL` when the stop timeout
// (docker stop -t, terminationGracePeriodSeconds) has passed.
import t from 'tap'
import { hasLog } from './lib/lines.js'
import { signalLines, signalsCommand, waitForSignal } from './lib/signals-fixture.js'
import { setupSuite } from './lib/suite.js'

const suite = setupSuite(t)
if (suite) {
  t.test('--drain 1s: the child gets TERM at least 1 s after crun kill TERM, then the container exits', {
    skip: suite.skip({ drain: '1s' }),
  }, async t => {
    const c = suite.start({ init: { drain: '1s' }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 10_000 })
    const got = signalLines(c, 'child')
    t.same(got.map(l => l.signal), ['SIGTERM'], 'the child got TERM once', { stderr: c.stderr.text })
    const delay = (got[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `TERM reached the child after the drain (${delay} ms)`)
    t.notOk(stop.killed, 'no KILL was needed')
    t.equal(stop.exit.code, 7, "the child's exit code")
  })

  t.test('--grace 1s: a child that ignores TERM is SIGKILLed, exit 137 and a warning', {
    skip: suite.skip({ grace: '1s' }),
  }, async t => {
    const c = suite.start({ init: { grace: '1s', verbose: true }, cmd: signalsCommand({ exitOn: 'none' }) })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 10_000 })
    await waitForSignal(c, 'child', 'SIGTERM')
    const elapsed = stop.exit.at - stop.sentAt
    t.notOk(stop.killed, 'graceful-init ended it, not the stop timeout', { stderr: c.stderr.text })
    t.equal(stop.exit.code, 137)
    t.ok(elapsed >= 1000 && elapsed < 5000, `exited after the grace (${elapsed} ms)`)
    const warnings = c.stderr.json().filter(l => typeof l.level === 'number' && l.level >= 40)
    t.ok(warnings.length > 0, 'logged a warning', { stderr: c.stderr.text })
    t.ok(hasLog(c.stderr, { msg: 'exit', code: 137 }), 'logged its own exit 137 (it was not SIGKILLed itself)')
  })

  t.test('--stop-signal QUIT --drain 1s: crun kill QUIT (STOPSIGNAL SIGQUIT) starts the drain', {
    skip: suite.skip({ stopSignals: ['QUIT'], drain: '1s' }),
  }, async t => {
    const c = suite.start({ init: { stopSignals: ['QUIT'], drain: '1s' }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'QUIT', timeoutMs: 10_000 })
    const got = signalLines(c, 'child')
    t.same(got.map(l => l.signal), ['SIGQUIT'], 'the child got the stop signal as it was sent', {
      stderr: c.stderr.text,
    })
    const delay = (got[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `QUIT reached the child after the drain (${delay} ms)`)
    t.equal(stop.exit.code, 7)
  })

  t.test('--stop-signal INT --grace 1s: crun kill INT (STOPSIGNAL SIGINT) starts the grace', {
    skip: suite.skip({ stopSignals: ['INT'], grace: '1s' }),
  }, async t => {
    const c = suite.start({ init: { stopSignals: ['INT'], grace: '1s' }, cmd: signalsCommand({ exitOn: 'none' }) })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'INT', timeoutMs: 10_000 })
    await waitForSignal(c, 'child', 'SIGINT')
    const elapsed = stop.exit.at - stop.sentAt
    t.notOk(stop.killed, 'graceful-init ended it, not the stop timeout', { stderr: c.stderr.text })
    t.equal(stop.exit.code, 137)
    t.ok(elapsed >= 1000 && elapsed < 5000, `exited after the grace (${elapsed} ms)`)
  })

  t.test('during --drain 2s, a non-stop signal (HUP) is still forwarded at once', {
    skip: suite.skip({ drain: '2s' }),
  }, async t => {
    const c = suite.start({ init: { drain: '2s' }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    const termAt = await c.kill('TERM')
    const hupAt = await c.kill('HUP')
    const hup = await waitForSignal(c, 'child', 'SIGHUP')
    t.ok(hup.at - hupAt < 1000, `HUP forwarded during the drain (${hup.at - hupAt} ms)`)
    const term = await waitForSignal(c, 'child', 'SIGTERM')
    t.ok(term.at - termAt >= 2000, `TERM still waited for the drain (${term.at - termAt} ms)`)
    t.equal((await c.waitExit()).code, 7)
  })

  t.test('a child that exits during --drain 10s ends the stop sequence, with its exit code', {
    skip: suite.skip({ drain: '10s' }),
  }, async t => {
    const c = suite.start({
      init: { drain: '10s' },
      cmd: ['/bin/sh', '-c', 'trap "exit 6" HUP; echo ready; while :; do sleep 0.05; done'],
    })
    await c.stdout.waitFor(/^ready$/)
    const termAt = await c.kill('TERM')
    await c.kill('HUP')
    const exit = await c.waitExit()
    t.equal(exit.code, 6)
    t.ok(exit.at - termAt < 5000, `the container exited before the drain's end (${exit.at - termAt} ms)`)
  })

  t.test('--ready-file exists while the child runs and goes at crun kill TERM, before the drain ends', {
    skip: suite.skip({ extra: ['--ready-file'] }),
  }, async t => {
    const c = suite.start({
      init: { drain: '2s', extra: ['--ready-file', '/tmp/ready'] },
      cmd: signalsCommand({ code: 7 }),
    })
    await c.stdout.waitFor(/^ready$/)
    t.equal((await c.exec('/bin/test', '-f', '/tmp/ready')).code, 0, 'the ready file exists')
    await c.kill('TERM')
    // The ready file goes at t0, while the drain keeps the child running for 2 s: poll for it.
    let gone = false
    for (const deadline = Date.now() + 1500; !gone && Date.now() < deadline; ) {
      gone = (await c.exec('/bin/test', '-f', '/tmp/ready')).code !== 0
    }
    t.ok(gone, 'the ready file is gone during the drain')
    t.same(signalLines(c, 'child'), [], 'the child has not been signalled yet')
    t.equal((await c.waitExit()).code, 7)
  })

  t.test('a second crun kill TERM during --drain 10s cuts the drain short', {
    skip: suite.skip({ drain: '10s' }),
  }, async t => {
    const c = suite.start({ init: { drain: '10s' }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    const firstAt = await c.kill('TERM')
    const secondAt = await c.kill('TERM')
    const got = await waitForSignal(c, 'child', 'SIGTERM', 8_000)
    t.ok(got.at - firstAt < 5000, `TERM reached the child ${got.at - secondAt} ms after the second TERM`, {
      stderr: c.stderr.text,
    })
    t.equal((await c.waitExit()).code, 7)
  })

  t.test('--pre-stop hooks run inside the container before the stop signal reaches the child', {
    skip: suite.skip({ extra: ['--pre-stop'] }),
  }, async t => {
    const hook = 'echo "pre-stop $GRACEFUL_INIT_SIGNAL child=$GRACEFUL_INIT_CHILD_PID" >&2; sleep 1; exit 9'
    const c = suite.start({ init: { extra: ['--pre-stop', hook] }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 10_000 })
    t.match(c.stderr.text, /^pre-stop (SIG)?TERM child=\d+$/m, "the hook's output and environment")
    const delay = (signalLines(c, 'child')[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `TERM reached the child after the 1 s hook (${delay} ms)`)
    t.equal(stop.exit.code, 7, 'the exit code is the child’s, not the failed hook’s (9)')
  })

  t.test('docker stop -t 1.5: a child that ignores TERM runs until the KILL, exit 137', async t => {
    const c = suite.start({ init: {}, cmd: signalsCommand({ exitOn: 'none' }) })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 1500 })
    await waitForSignal(c, 'child', 'SIGTERM')
    t.ok(stop.killed, 'the stop timeout passed and KILL was sent', { stderr: c.stderr.text })
    t.equal(stop.exit.code, 137, 'the exit status reflects SIGKILL')
    t.ok(stop.exit.at - stop.sentAt >= 1500, `exited after the stop timeout (${stop.exit.at - stop.sentAt} ms)`)
  })
}
