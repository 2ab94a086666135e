// --stop-command as PID 1, and the (rewritten) stop signal when it fails or times out.
import t from 'tap'
import { firstLog, timeline } from './lib/log-lines.js'
import { gotSignals, signalAt, startPid1Child } from './lib/stop/served.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4

t.test("--stop-command runs instead of forwarding the stop signal, with the hooks' environment, as PID 1", parallel(), async t => {
  const init = await startPid1Child(t, ['-v', '--drain', '500ms',
    '--stop-command', 'echo "stop-command $GRACEFUL_INIT_SIGNAL" >&2; kill -USR2 "$GRACEFUL_INIT_CHILD_PID"'], ['SIGUSR2:4', 'SIGTERM:9'])
  const sent = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit(10_000)
  const got = gotSignals(r.stdout, 'child')
  t.same(got.map(g => g.signal), ['SIGUSR2'], 'the child got what the stop command sent, and no TERM', { stderr: r.stderr })
  const delay = (got[0]?.at ?? NaN) - sent
  t.ok(delay >= 500 - CLOCK_SLACK_MS, `after the drain (${delay} ms)`)
  t.match(r.stderr, /^stop-command SIGTERM$/m, 'GRACEFUL_INIT_SIGNAL is set and its output reaches stderr')
  t.ok(firstLog(r.stderr, 'stop: stop command'), 'the stop command is logged')
  t.notOk(firstLog(r.stderr, 'stop: action'), 'no stop signal was forwarded')
  t.equal(r.code, 4)
})

/** [behaviour, stop command, extra options, what the log must say] */
const fallbacks: [string, string, string[], Record<string, unknown>][] = [
  ['fails (exit 3)', 'exit 3', [], { code: 3, timedOut: false }],
  ['times out (--hook-timeout 500ms)', 'sleep 35', ['--hook-timeout', '500ms'], { timedOut: true }],
]

for (const [behaviour, command, options, logged] of fallbacks) {
  t.test(`if the stop command ${behaviour}, the rewritten stop signal is forwarded instead, as PID 1`, parallel(), async t => {
    const init = await startPid1Child(t, ['-v', '-r', 'TERM:QUIT', '--stop-command', command, ...options], ['SIGQUIT:5'])
    await signalAt(init, 'SIGTERM')
    const r = await init.waitExit(10_000)
    t.same(gotSignals(r.stdout, 'child').map(g => g.signal), ['SIGQUIT'], 'the child got QUIT (TERM rewritten)', { stderr: r.stderr })
    const failed = firstLog(r.stderr, 'stop: stop command failed, forwarding the stop signal')
    t.match(failed, logged, 'the fallback is logged with why', { timeline: timeline(r.stderr) })
    t.ok((failed?.level ?? 0) >= 40, 'as a warning')
    t.equal(r.code, 5)
  })
}
