// --drain-until-idle with nginx as PID 1's child, before a 1 s-per-answer upstream, loaded for a
// lag the init is not told (1-6 s, as a load balancer after deregistration), directly or behind a
// front nginx holding idle keep-alives. bench/scenarios/drain-idle.js measures the fixed 60 s stop.
import t, { type Test } from 'tap'
import { startInit } from './lib/init-process.js'
import { firstLog, timeline } from './lib/log-lines.js'
import { signalAt } from './lib/stop/served.js'
import { startLoad, summary, waitHttp } from './lib/stop/http-load.js'
import { freePort } from './lib/probes/net.js'
import { nginxCommand, nginxMissing, startSlowUpstream } from './lib/stop/nginx.js'
import { tempDir } from './lib/stop/temp.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { CLOCK_SLACK_MS, POLL_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 2

const UPSTREAM_MS = 1000
const INTERVAL_MS = 50
/** A client that a loaded machine stalls for a second (960 ms once beside two `yes`) still never
 * pauses this long. */
const IDLE_MS = 2000
const OPTIONS = ['-v', '--rewrite', 'TERM:QUIT', '--drain', '60s', '--drain-until-idle', `${IDLE_MS}ms`]

/** Loads nginx (directly or through the front), TERM mid-load, the load going on for a random lag. */
async function stopUnderLoad(t: Test, behindFront: boolean) {
  const upstream = await startSlowUpstream(t, UPSTREAM_MS)
  const appPort = await freePort()
  const init = startInit(t, { pid1: true, args: [...OPTIONS, ...nginxCommand(tempDir(t, 'gi-nginx-'), appPort, upstream)] })
  await waitHttp(appPort, '/health', 10_000)
  let port = appPort
  if (behindFront) {
    port = await freePort()
    // Never signalled. PID 1 of its own namespace so the teardown takes it all: nginx drops the
    // environment, and with it the tag that finds a test's processes.
    startInit(t, { pid1: true, args: nginxCommand(tempDir(t, 'gi-front-'), port, appPort, true) })
    await waitHttp(port, '/health', 10_000)
  }
  const lagMs = 1000 + Math.round(Math.random() * 5000)
  // Bounded: at most 400 requests (~20 before the TERM, 120 in a 6 s lag) and 20 s.
  const load = startLoad(port, '/slow', INTERVAL_MS, 400, 20_000)
  const first = await load.firstDone
  if (first.status !== 200) throw new Error(`nginx did not serve before the stop: ${JSON.stringify(first)}\n${init.stderr.text}`)
  const termAt = await signalAt(init, 'SIGTERM')
  load.stopAt(termAt + lagMs)
  const outcomes = await load.results
  const { code, stderr } = await init.waitExit(lagMs + 30_000)
  return { lagMs, termAt, outcomes, code, exitedAt: init.exitedAt, stderr }
}

const skip = nginxMissing()
if (skip) t.fail(skip) // not a quiet skip: .ci/run installs nginx-light

for (const behindFront of [false, true]) {
  const where = behindFront ? 'behind a front nginx holding idle keep-alives to it' : 'loaded directly'
  t.test(`nginx ${where}, --drain-until-idle ${IDLE_MS}ms: no request lost, the init exits soon after the lag`, { ...parallel(), skip }, async t => {
    const { termAt, outcomes, lagMs, code, exitedAt, stderr } = await stopUnderLoad(t, behindFront)
    const info = { lagMs, timeline: timeline(stderr), stderr: stderr.slice(-2000) }
    const afterTerm = outcomes.filter(o => o.start >= termAt)
    t.ok(afterTerm.length >= lagMs / INTERVAL_MS / 2, `${afterTerm.length} requests were sent during the ${lagMs} ms lag`)
    const starts = outcomes.map(o => o.start).sort((a, b) => a - b)
    const maxGapMs = Math.max(...starts.slice(1).map((s, i) => s - starts[i]!))
    t.ok(maxGapMs < IDLE_MS - CLOCK_SLACK_MS, `premise: the load never paused for the idle time (longest gap ${maxGapMs} ms; a starved machine fails here)`)
    t.same(outcomes.filter(o => o.status !== 200), [], `all ${outcomes.length} requests got 200 (${summary(outcomes)})`, info)
    t.equal(code, 0, 'nginx stopped gracefully on QUIT, exit 0')
    const lastStart = Math.max(...outcomes.map(o => o.start)) - termAt
    const slowest = Math.max(...outcomes.map(o => o.end - o.start))
    const idle = firstLog(stderr, 'stop: drain ended early, the connections are idle')
    t.ok(idle, 'the drain ended on idle, not on its 60 s bound', info)
    const drainEnd = Number(idle?.elapsedMs)
    t.ok(drainEnd >= lastStart + IDLE_MS - CLOCK_SLACK_MS, `the drain ended after the last request came and ${IDLE_MS} ms of quiet (+${drainEnd} ms, last request +${lastStart} ms)`, info)
    // The bound scales with the work measured in this run: the slowest request already carries
    // whatever the shared machine added to the upstream's 1 s.
    const stopMs = exitedAt - termAt
    const bound = lagMs + IDLE_MS + slowest + 1000 + POLL_MS
    t.ok(stopMs <= bound, `the init exited ${stopMs} ms after the TERM (lag ${lagMs} + ${IDLE_MS} + slowest ${slowest} + 1 s + a poll = ${bound})`, info)
    if (behindFront) {
      t.ok(Number(idle?.open) > 0 && idle?.idle === idle?.open, `the front's keep-alive connections were open and idle (open ${idle?.open}, idle ${idle?.idle})`, info)
    }
    t.match(stderr, /signal 3 \(SIGQUIT\) received from 1\b/, 'nginx got QUIT from the init')
  })
}
