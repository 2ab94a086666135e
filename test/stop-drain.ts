// --drain as PID 1 and in a container: what passes during it, and what ends it early.
import t from 'tap'
import { modeArgs, modes } from './lib/modes.js'
import { firstLog, receivedAt, timeline } from './lib/log-lines.js'
import { forwardedAtOnce, stopBegun } from './lib/stop/forwarded.js'
import { exitingAt, gotSignals, signalAt, startPid1Child, waitGot } from './lib/stop/served.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4 // the cases mostly wait on drains

for (const mode of modes.filter(m => m.pid1)) {
  t.test(`--drain 2s holds the stop signal for 2 s while other signals reach the child at once, ${mode.name}`, parallel(), async t => {
    const init = await startPid1Child(t, [...modeArgs(mode), '--drain', '2s'], ['SIGTERM:7'])
    const sent = await signalAt(init, 'SIGTERM')
    // Default stop signal is TERM: INT and WINCH are forwarded at once during the drain.
    await forwardedAtOnce(t, init, 'SIGINT')
    await forwardedAtOnce(t, init, 'SIGWINCH')
    const r = await init.waitExit(15_000)
    const got = gotSignals(r.stdout, 'child')
    t.same(got.map(g => g.signal), ['SIGINT', 'SIGWINCH', 'SIGTERM'], 'TERM came last, once')
    const delay = (got[2]?.at ?? NaN) - sent
    t.ok(delay >= 2000 - CLOCK_SLACK_MS && delay < 6000, `TERM reached the child after the drain (${delay} ms)`)
    t.equal(r.code, 7, "the init exits with the child's code")
  })
}

t.test('a second stop signal during the drain cuts it short, and that is logged, as PID 1', parallel(), async t => {
  const init = await startPid1Child(t, ['-v', '--drain', '30s'], ['SIGTERM:7'])
  await signalAt(init, 'SIGTERM')
  await stopBegun(init)
  const second = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(10_000)
  const got = gotSignals(r.stdout, 'child')
  t.same(got.map(g => g.signal), ['SIGTERM'], 'the child got TERM once')
  const delay = (got[0]?.at ?? NaN) - second
  t.ok(delay < 3000, `TERM reached the child soon after the second TERM, not after 30 s (${delay} ms)`)
  const cut = firstLog(r.stderr, 'stop: drain cut short')
  t.ok(cut, 'logged "stop: drain cut short"', { timeline: timeline(r.stderr) })
  t.match(cut, { signal: 'SIGTERM', elapsedMs: Number })
  t.equal(r.code, 7)
})

/** [behaviour, extra init options] */
const exitDuringDrain: [string, string[]][] = [
  ['with nothing else running', []],
  ['while a pre-stop hook is still running', ['--pre-stop', 'sleep 34']],
]

for (const [behaviour, options] of exitDuringDrain) {
  t.test(`a child exiting during the 30 s drain ends it: the init exits at once with its status, ${behaviour}, as PID 1`, parallel(), async t => {
    const init = await startPid1Child(t, ['-v', '--drain', '30s', ...options], ['SIGUSR2:5'])
    await signalAt(init, 'SIGTERM')
    await stopBegun(init)
    if (options.length) await init.stderr.waitFor(/"msg":"stop: hook start"/)
    await signalAt(init, 'SIGUSR2')
    const r = await init.waitExit()
    const childExit = exitingAt(r.stdout, 'child') ?? NaN
    const initExit = firstLog(r.stderr, 'exit')?.time ?? NaN
    // A third of the drain, not a tight bound (the lag is measured in bench/): the namespace's
    // teardown took 3.6 s once beside two yes.
    t.ok(initExit - childExit < 10_000, `the init logged its exit ${initExit - childExit} ms after the child exited`, { timeline: timeline(r.stderr) })
    t.ok(init.exitedAt - childExit < 10_000, `and was gone ${init.exitedAt - childExit} ms after it`)
    t.equal(r.code, 5, "the child's status")
    t.ok(firstLog(r.stderr, 'stop: child exited, sequence ends'), 'logged that the sequence ended')
    t.notOk(gotSignals(r.stdout, 'child').some(g => g.signal === 'SIGTERM'), 'the child never got TERM')
  })
}

containerColumn(t, 'the drain', (t, suite) => {
  t.test('--drain 1s: the child gets TERM 1 s after crun kill TERM, then the container exits', parallel(), async t => {
    const c = await startServed(suite, { drain: '1s', verbose: true })
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 10_000 })
    const got = gotSignals(c.stdout.text, 'child')
    t.same(got.map(g => g.signal), ['SIGTERM'], 'the child got TERM once', { stderr: c.stderr.text })
    const delay = (got[0]?.at ?? NaN) - receivedAt(c.stderr.text, 'SIGTERM')
    t.ok(delay >= 1000 && delay < 5000, `TERM reached the child ${delay} ms after the init got it: after the drain`)
    t.notOk(stop.killed, 'no KILL was needed')
    t.equal(stop.exit.code, 7, "the child's exit code")
  })

  t.test('during --drain 30s, HUP is forwarded at once and a second crun kill TERM cuts the drain short', parallel(), async t => {
    // 30 s: however late a busy machine starts `crun kill`, the HUP lands inside the drain (with
    // 2 s, a HUP sent after the container had exited once looked lost).
    const c = await startServed(suite, { drain: '30s', verbose: true })
    await c.kill('TERM')
    await c.stderr.waitFor(/"msg":"stop: begin"/)
    await c.kill('HUP')
    const hup = await waitGot(c, 'child', 'SIGHUP')
    const received = receivedAt(c.stderr.text, 'SIGHUP')
    t.ok(hup - received < 1000, `the child got HUP ${hup - received} ms after the init did`)
    t.notOk(firstLog(c.stderr.text, 'stop: drain done'), 'while the drain still ran')
    const secondAt = await c.kill('TERM')
    const term = await waitGot(c, 'child', 'SIGTERM')
    t.ok(term - secondAt < 10_000, `TERM reached the child ${term - secondAt} ms after the second TERM, not after 30 s`, { stderr: c.stderr.text })
    t.same(gotSignals(c.stdout.text, 'child').map(g => g.signal), ['SIGHUP', 'SIGTERM'], 'HUP, then TERM once')
    t.equal((await c.waitExit()).code, 7)
  })

  t.test('a child that exits during --drain 10s ends the stop sequence, with its exit code', parallel(), async t => {
    const c = suite.start({ init: { drain: '10s' }, cmd: ['/bin/sh', '-c', 'trap "exit 6" HUP; echo ready; while :; do sleep 0.05; done'] })
    await c.stdout.waitFor(/^ready$/m)
    const termAt = await c.kill('TERM')
    await c.kill('HUP')
    const exit = await c.waitExit()
    t.equal(exit.code, 6)
    t.ok(exit.at - termAt < 8000, `the container exited before the drain's end (${exit.at - termAt} ms)`)
  })
}, 3)
