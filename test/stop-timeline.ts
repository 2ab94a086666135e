// At -v every stop step logs `elapsedMs` since the stop signal: the timeline reads back from the
// logs alone and matches what the child saw. As PID 1.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { stopSteps, timeline } from './lib/log-lines.js'
import { signalAt, startPid1Child, waitGot } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 2

/** The stop lines: their msgs (but `except`) are `expected`, and each elapsedMs fits its place
 * and log time. */
function checkSteps(t: Test, stderr: string, expected: string[], except?: string) {
  const steps = stopSteps(stderr)
  t.same(steps.map(s => s.msg).filter(m => m !== except), expected, 'every step is logged, in order', { timeline: timeline(stderr) })
  t.ok(steps.length > 0, 'there are stop: lines')
  t.equal(steps[0]?.msg, 'stop: begin', 'the first is stop: begin')
  t.equal(steps[0]?.elapsedMs, 0, 'at elapsedMs 0')
  const t0 = steps[0]?.time ?? NaN
  let last = 0
  for (const [i, step] of steps.entries()) {
    const e = step.elapsedMs as number
    t.ok(Number.isInteger(e) && e >= 0, `${i}: "${step.msg}" has elapsedMs (${e})`)
    t.ok(e >= last, `${i}: elapsedMs does not go back`)
    // pino stamps Date.now(), elapsedMs is monotonic: 250 ms allows a descheduling between them.
    t.ok(Math.abs(step.time - t0 - e) <= 250, `${i}: elapsedMs agrees with the log time (${step.time - t0} ms)`)
    last = e
  }
  return steps
}

t.test('a full stop sequence (hooks, drain, failing stop command, grace) reads back as a timeline, as PID 1', parallel(), async t => {
  const init = await startPid1Child(t, ['-v', '--ready-file', join(tempDir(t), 'ready'), '--drain', '1s',
    '--pre-stop', 'sleep 0.2', '--pre-stop', 'exit 3', '--stop-command', 'exit 4', '--grace', '1s'])
  await signalAt(init, 'SIGTERM')
  const termAt = await waitGot(init, 'child', 'SIGTERM', 0, 10_000)
  const r = await init.waitExit(10_000)
  t.equal(r.code, 137)
  // Hooks run beside the drain, so where "drain done" falls among them is timing.
  const steps = checkSteps(t, r.stderr, [
    'stop: begin',
    'stop: hook start', 'stop: hook done',
    'stop: hook start', 'stop: hook failed',
    'stop: stop command', 'stop: stop command failed, forwarding the stop signal',
    'stop: action',
    'stop: grace expired, killing',
    'stop: child exited, sequence ends',
  ], 'stop: drain done')
  const msgs = steps.map(s => s.msg)
  const drainDone = msgs.indexOf('stop: drain done')
  t.ok(drainDone > 0 && drainDone < msgs.indexOf('stop: stop command'), 'the drain ended once, before the stop command', { timeline: timeline(r.stderr) })
  const at = (msg: string) => Number(steps.find(s => s.msg === msg)?.elapsedMs)
  t.ok(at('stop: hook done') >= 200, `the first hook took its 200 ms (+${at('stop: hook done')})`)
  t.ok(at('stop: drain done') >= 990, `the drain ended at +1 s (+${at('stop: drain done')})`)
  t.ok(at('stop: action') >= at('stop: drain done'), 'the stop action came after the drain')
  t.ok(at('stop: grace expired, killing') - at('stop: action') >= 990, 'the kill came a grace after the action')
  // The timeline is the real one: the child got TERM when the log says the action happened. 500 ms:
  // the child's report waits for it to be scheduled (slow beside two `yes`); 1 s off still fails.
  const actionWall = Number(steps[0]?.time) + at('stop: action')
  t.ok(Math.abs(termAt - actionWall) < 500, `the child got TERM at the logged action (${termAt - actionWall} ms apart)`)
})

t.test('a cut-short drain and the child exiting are on the timeline too, as PID 1', parallel(), async t => {
  const init = await startPid1Child(t, ['-v', '--drain', '30s', '--pre-stop', 'sleep 0.2'], ['SIGTERM:0'])
  await signalAt(init, 'SIGTERM')
  await init.stderr.waitFor(/"msg":"stop: hook done"/)
  await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 0)
  checkSteps(t, r.stderr, [
    'stop: begin', 'stop: hook start', 'stop: hook done', 'stop: drain cut short', 'stop: action', 'stop: child exited, sequence ends',
  ])
})

t.test('a drain ended by --drain-until-idle is on the timeline, as PID 1', parallel(), async t => {
  // The child listens on nothing: no traffic, so the drain ends once the init has watched for 1 s.
  const init = await startPid1Child(t, ['-v', '--drain', '30s', '--drain-until-idle', '1s'], ['SIGTERM:0'])
  await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(15_000)
  t.equal(r.code, 0)
  const steps = checkSteps(t, r.stderr, [
    'stop: begin', 'stop: watching connections', 'stop: drain ended early, the connections are idle', 'stop: action', 'stop: child exited, sequence ends',
  ])
  t.match(steps[2], { ended: 'idle', idleMs: 1000, open: 0, idle: 0, listeners: 0 })
  t.ok(Number(steps[2]?.elapsedMs) >= 1000 && Number(steps[2]?.elapsedMs) < 5000, `after 1 s of watching, not 30 s (+${steps[2]?.elapsedMs})`)
})
