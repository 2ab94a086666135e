// The stop sequence's first half, as PID 1: which signals start it (--stop-signal), the drain
// that keeps the child serving (and receiving every other signal) before the stop action, a
// second stop signal cutting the drain short, the child exiting during the drain, and the
// --ready-file that turns not-ready the moment the sequence begins. In a container too, started
// and stopped as Docker and the kubelet do (`crun kill ID TERM`, or the image's STOPSIGNAL).
import t, { type Test } from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startInit, type InitProcess } from './lib/init-process.js'
import { modeArgs, modes } from './lib/modes.js'
import { firstLog, timeline } from './lib/log-lines.js'
import { exitingAt, gotSignals, served, signalAt, waitGot, waitReady } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { shellJoin } from './lib/shell.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

// The cases mostly wait (drains): run a few at once. Buffered subtests may run in parallel.
t.jobs = 4

/** Every test here runs the init as real PID 1, in group and in single-child mode where it matters. */
const pid1Modes = modes.filter(m => m.pid1)

/** A signal counts as forwarded "at once" if it reaches the child within this (drains are 2 s). */
const PROMPT_MS = 1000

/** Sends `signal` to the init and checks the child prints it within PROMPT_MS; returns the delay. */
async function forwardedAtOnce(t: Test, init: InitProcess, signal: NodeJS.Signals, name = 'child'): Promise<number> {
  const from = init.stdout.text.length
  const sent = await signalAt(init, signal)
  const got = await waitGot(init, name, signal, from, 20_000)
  t.ok(got - sent < PROMPT_MS, `${signal} reached the child at once (${got - sent} ms)`)
  return got - sent
}

/** Waits until the init has logged the start of the stop sequence (needs -v). */
function stopBegun(init: InitProcess): Promise<unknown> {
  return init.stderr.waitFor(/"msg":"stop: begin"/, 20_000)
}

for (const mode of pid1Modes) {
  t.test(`--stop-signal INT --stop-signal QUIT: only those start the stop sequence; every other signal is forwarded at once before, during and after it, ${mode.name}`, parallel(), async t => {
    const init = startInit(t, {
      pid1: true,
      args: ['-v', ...modeArgs(mode), '--stop-signal', 'INT', '--stop-signal', 'QUIT', '--drain', '2s',
        ...served('child', '--exit-on', 'SIGUSR2:0')],
    })
    await waitReady(init, 'child')

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
  const init = startInit(t, {
    pid1: true,
    env: { GRACEFUL_INIT_STOP_SIGNAL: 'INT,QUIT' },
    args: ['-v', '--drain', '2s', ...served('child', '--exit-on', 'SIGINT:4', '--exit-on', 'SIGTERM:9')],
  })
  await waitReady(init, 'child')
  await forwardedAtOnce(t, init, 'SIGHUP')
  const sent = await signalAt(init, 'SIGINT')
  const r = await init.waitExit(10_000)
  const got = gotSignals(r.stdout, 'child')
  t.same(got.map(g => g.signal), ['SIGHUP', 'SIGINT'], 'INT was held back, then forwarded')
  t.ok(got[1]!.at - sent >= 2000 - CLOCK_SLACK_MS, `INT reached the child after the drain (${got[1]!.at - sent} ms)`)
  t.equal(r.code, 4)
})

for (const mode of pid1Modes) {
  t.test(`--drain 2s: the stop signal reaches the child no earlier than 2 s after it arrived; the child keeps running and receiving other signals, ${mode.name}`, parallel(), async t => {
    const init = startInit(t, { pid1: true, args: [...modeArgs(mode), '--drain', '2s', ...served('child', '--exit-on', 'SIGTERM:7')] })
    await waitReady(init, 'child')
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
  const init = startInit(t, { pid1: true, args: ['-v', '--drain', '30s', ...served('child', '--exit-on', 'SIGTERM:7')] })
  await waitReady(init, 'child')
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
  t.test(`if the child exits during the drain, the init exits at once with its status (not after the 30 s drain), ${behaviour}, as PID 1`, parallel(), async t => {
    const init = startInit(t, { pid1: true, args: ['-v', '--drain', '30s', ...options, ...served('child', '--exit-on', 'SIGUSR2:5')] })
    await waitReady(init, 'child')
    await signalAt(init, 'SIGTERM')
    await stopBegun(init)
    if (options.length) await init.stderr.waitFor(/"msg":"stop: hook start"/, 20_000)
    let exitedAt = NaN
    init.proc.once('exit', () => (exitedAt = Date.now()))
    await signalAt(init, 'SIGUSR2')
    const r = await init.waitExit(10_000)
    const childExit = exitingAt(r.stdout, 'child') ?? NaN
    const initExit = firstLog(r.stderr, 'exit')?.time ?? NaN
    // Generous: the point is that the drain is not waited out; the lag itself is measured in bench/.
    t.ok(initExit - childExit < 5000, `the init logged its exit ${initExit - childExit} ms after the child exited`, { timeline: timeline(r.stderr) })
    t.ok(exitedAt - childExit < 1000, `and was gone ${exitedAt - childExit} ms after it (generous bound: a shared machine)`)
    t.equal(r.code, 5, "the child's status")
    t.ok(firstLog(r.stderr, 'stop: child exited, sequence ends'), 'logged that the sequence ended')
    t.notOk(gotSignals(r.stdout, 'child').some(g => g.signal === 'SIGTERM'), 'the child never got TERM')
  })
}

for (const mode of pid1Modes) {
  t.test(`--ready-file: written once the child has started, removed the moment the stop sequence begins (before the drain ends), ${mode.name}`, parallel(), async t => {
    const dir = tempDir(t)
    const ready = join(dir, 'ready')
    const init = startInit(t, { pid1: true, args: [...modeArgs(mode), '--ready-file', ready, '--drain', '2s', ...served('child', '--exit-on', 'SIGTERM:0')] })
    const pid = await waitReady(init, 'child')
    await waitUntil('the ready file', () => existsSync(ready), 20_000, 5)
    t.equal(readFileSync(ready, 'utf8').trim(), String(pid), "it holds the child's pid")
    const sent = await signalAt(init, 'SIGTERM')
    const removed = await waitUntil('the ready file to go', () => !existsSync(ready) && Date.now(), 20_000, 2)
    // Half-way to the end of the 2 s drain, when a late removal would come.
    t.ok(removed - sent < 1000, `removed ${removed - sent} ms after the stop signal`)
    const termAt = await waitGot(init, 'child', 'SIGTERM', 0, 10_000)
    t.ok(termAt - removed >= 1000, `well before the stop action (${termAt - removed} ms earlier)`)
    const r = await init.waitExit(10_000)
    t.equal(r.code, 0)
    t.notOk(existsSync(ready), 'still gone at the end')
  })
}

t.test('--ready-file: gone once the child has exited on its own (no stop signal), even while leftovers finish, as PID 1', parallel(), async t => {
  const dir = tempDir(t)
  const ready = join(dir, 'ready')
  // main exits 3 on USR1 (a crash, as far as the init knows); left takes 1 s to clean up on TERM.
  const left = served('left', '--cleanup', `SIGTERM:1000:${join(dir, 'left')}`)
  const script = `${shellJoin(left)} & exec ${shellJoin(served('main', '--exit-on', 'SIGUSR1:3'))}`
  const init = startInit(t, { pid1: true, args: ['--ready-file', ready, 'sh', '-c', script] })
  await waitReady(init, 'main')
  await waitReady(init, 'left')
  await waitUntil('the ready file', () => existsSync(ready), 20_000, 5)
  await signalAt(init, 'SIGUSR1')
  // The leftover got TERM: the main child is gone and nothing serves any more.
  await waitGot(init, 'left', 'SIGTERM', 0, 20_000)
  // Which comes first: the ready file going, or the leftover finishing its 1 s cleanup.
  const first = await waitUntil('the ready file to go or the cleanup to end', () =>
    !existsSync(ready) ? 'ready file gone' : existsSync(join(dir, 'left')) ? 'cleanup done' : undefined, 20_000, 5)
  t.equal(first, 'ready file gone', 'the ready file is gone while the leftover cleans up')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 3)
  t.notOk(existsSync(ready), 'the ready file is gone after the init exited')
})

containerColumn(t, 'the drain', (t, suite) => {
  t.test('--drain 1s: the child gets TERM at least 1 s after crun kill TERM, then the container exits', parallel(), async t => {
    const c = await startServed(suite, { drain: '1s' })
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 10_000 })
    const got = gotSignals(c.stdout.text, 'child')
    t.same(got.map(g => g.signal), ['SIGTERM'], 'the child got TERM once', { stderr: c.stderr.text })
    const delay = (got[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `TERM reached the child after the drain (${delay} ms)`)
    t.notOk(stop.killed, 'no KILL was needed')
    t.equal(stop.exit.code, 7, "the child's exit code")
  })

  t.test('--stop-signal QUIT --drain 1s: crun kill QUIT (STOPSIGNAL SIGQUIT) starts the drain', parallel(), async t => {
    const c = await startServed(suite, { stopSignals: ['QUIT'], drain: '1s' })
    const stop = await c.stop({ signal: 'QUIT', timeoutMs: 10_000 })
    const got = gotSignals(c.stdout.text, 'child')
    t.same(got.map(g => g.signal), ['SIGQUIT'], 'the child got the stop signal as it was sent', { stderr: c.stderr.text })
    const delay = (got[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `QUIT reached the child after the drain (${delay} ms)`)
    t.equal(stop.exit.code, 7)
  })

  t.test('during --drain 2s, a non-stop signal (HUP) is still forwarded at once', parallel(), async t => {
    const c = await startServed(suite, { drain: '2s' })
    const termAt = await c.kill('TERM')
    const hupAt = await c.kill('HUP')
    const hup = await waitGot(c, 'child', 'SIGHUP')
    t.ok(hup - hupAt < 1000, `HUP forwarded during the drain (${hup - hupAt} ms)`)
    const term = await waitGot(c, 'child', 'SIGTERM')
    t.ok(term - termAt >= 2000, `TERM still waited for the drain (${term - termAt} ms)`)
    t.equal((await c.waitExit()).code, 7)
  })

  t.test('a child that exits during --drain 10s ends the stop sequence, with its exit code', parallel(), async t => {
    const c = suite.start({ init: { drain: '10s' }, cmd: ['/bin/sh', '-c', 'trap "exit 6" HUP; echo ready; while :; do sleep 0.05; done'] })
    await c.stdout.waitFor(/^ready$/m)
    const termAt = await c.kill('TERM')
    await c.kill('HUP')
    const exit = await c.waitExit()
    t.equal(exit.code, 6)
    t.ok(exit.at - termAt < 5000, `the container exited before the drain's end (${exit.at - termAt} ms)`)
  })

  t.test('--ready-file exists while the child runs and goes at crun kill TERM, before the drain ends', parallel(), async t => {
    const c = await startServed(suite, { drain: '2s', extra: ['--ready-file', '/tmp/ready'] })
    t.equal((await c.exec('/bin/test', '-f', '/tmp/ready')).code, 0, 'the ready file exists')
    await c.kill('TERM')
    // The ready file goes at t0, while the drain keeps the child running for 2 s: poll for it.
    let gone = false
    for (const deadline = Date.now() + 1500; !gone && Date.now() < deadline; ) {
      gone = (await c.exec('/bin/test', '-f', '/tmp/ready')).code !== 0
    }
    t.ok(gone, 'the ready file is gone during the drain')
    t.same(gotSignals(c.stdout.text, 'child'), [], 'the child has not been signalled yet')
    t.equal((await c.waitExit()).code, 7)
  })

  t.test('a second crun kill TERM during --drain 10s cuts the drain short', parallel(), async t => {
    const c = await startServed(suite, { drain: '10s' })
    const firstAt = await c.kill('TERM')
    const secondAt = await c.kill('TERM')
    const got = await waitGot(c, 'child', 'SIGTERM', 0, 8_000)
    t.ok(got - firstAt < 5000, `TERM reached the child ${got - secondAt} ms after the second TERM`, { stderr: c.stderr.text })
    t.equal((await c.waitExit()).code, 7)
  })
}, 3)
