// Debian's nginx under graceful-init (PID 1), before a 1 s-per-answer upstream, stopped under
// steady load.
import t, { type Test } from 'tap'
import { startInit } from './lib/init-process.js'
import { startLoad, summary, waitHttp } from './lib/stop/http-load.js'
import { freePort } from './lib/probes/net.js'
import { nginxCommand, nginxMissing, startSlowUpstream } from './lib/stop/nginx.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 2

const UPSTREAM_MS = 1000
const INTERVAL_MS = 50
/** The client goes on sending this long after the TERM (load balancers take time to notice). */
const AFTER_TERM_MS = 1000
/** The premise of the drain test: this many requests arrive during the drain. */
const SENT_AFTER_TERM = 10
/** Long enough for a starved client to send SENT_AFTER_TERM requests before nginx stops accepting
 * (7 went out in 1.5 s once, with two `yes` beside the suite). */
const DRAIN_MS = 4000

async function stopUnderLoad(t: Test, options: string[]) {
  const dir = tempDir(t, 'gi-nginx-')
  const upstream = await startSlowUpstream(t, UPSTREAM_MS)
  const port = await freePort()
  const init = startInit(t, { pid1: true, args: [...options, ...nginxCommand(dir, port, upstream)] })
  await waitHttp(port, '/health', 10_000)
  // Found now, not at the TERM: a /proc scan slowed by a busy machine once put the TERM 700 ms
  // after the in-flight check below (0 requests were left in the window).
  const pid = await init.pid()
  const load = startLoad(port, '/slow', INTERVAL_MS)
  // Steady state: once the first slow answer is back, ~UPSTREAM_MS/INTERVAL_MS are in flight.
  const first = await load.firstDone
  if (first.status !== 200) throw new Error(`nginx did not serve before the stop: ${JSON.stringify(first)}\n${init.stderr.text}`)
  // TERM only while requests are in flight and far from done (a TERM into a stalled client's lull
  // proves nothing). Started in the last 400 ms, they stay inside the 700 ms counted below even if
  // the TERM is 300 ms late (4 of 6 were left once beside two `yes`). Check and TERM are one
  // synchronous step: nothing can come between them.
  const termAt = await waitUntil('requests in flight, started in the last 400 ms', () => {
    if (load.pendingSince(Date.now() - 400) < 6) return undefined
    const at = Date.now()
    process.kill(pid, 'SIGTERM')
    return at
  }, 30_000, 5)
  // Send for AFTER_TERM_MS and until SENT_AFTER_TERM went out (a stalled client sends fewer), but
  // stop 500 ms before the drain ends: a request must reach nginx before QUIT closes its port.
  load.stopAt(termAt + DRAIN_MS - 500)
  await waitUntil(`${SENT_AFTER_TERM} requests sent after the TERM`, () => Date.now() >= termAt + AFTER_TERM_MS && load.startedSince(termAt) >= SENT_AFTER_TERM, DRAIN_MS - 500, 5).catch(() => undefined)
  load.stopAt(Date.now())
  const outcomes = await load.results
  const { code, stderr } = await init.waitExit(15_000)
  return { termAt, outcomes, code, stderr, exitMs: init.exitedAt - termAt }
}

const skip = nginxMissing()
if (skip) t.fail(skip) // not a quiet skip: .ci/run installs nginx-light

t.test(`nginx with --rewrite TERM:QUIT --drain ${DRAIN_MS / 1000}s loses no request sent until 1 s after the TERM`, { ...parallel(), skip }, async t => {
  const { termAt, outcomes, ...run } = await stopUnderLoad(t, ['-v', '--rewrite', 'TERM:QUIT', '--drain', `${DRAIN_MS}ms`])
  const afterTerm = outcomes.filter(o => o.start >= termAt)
  const inFlight = outcomes.filter(o => o.start < termAt && o.end > termAt)
  t.ok(inFlight.length >= 5, `${inFlight.length} requests were in flight at the TERM`)
  t.ok(afterTerm.length >= SENT_AFTER_TERM, `${afterTerm.length} requests were sent after the TERM, during the drain`)
  t.same(outcomes.filter(o => o.status !== 200), [], `all ${outcomes.length} requests got 200 (${summary(outcomes)})`, { stderr: run.stderr.slice(-3000) })
  t.equal(run.code, 0, 'nginx stopped gracefully on QUIT, exit 0')
  t.ok(run.exitMs >= DRAIN_MS - 50 && run.exitMs < DRAIN_MS + 6000, `the init ended after the drain (${run.exitMs} ms)`)
  // nginx's own error log (on the init's stderr) says which signal came, and from PID 1.
  t.match(run.stderr, /signal 3 \(SIGQUIT\) received from 1\b/, 'nginx got QUIT from the init')
  t.notMatch(run.stderr, /signal 15 \(SIGTERM\) received/, 'and never TERM')
})

t.test('nginx with plain forwarding (TERM = fast shutdown) fails the requests in flight at the TERM', { ...parallel(), skip }, async t => {
  const { termAt, outcomes, ...run } = await stopUnderLoad(t, ['-v'])
  // In flight and far from done: started in the last 700 ms before the TERM, so each still
  // needed 300 ms or more; nginx has that long to act on the TERM, however busy the machine.
  const inFlight = outcomes.filter(o => o.start < termAt && o.start > termAt - (UPSTREAM_MS - 300))
  t.ok(inFlight.length >= 5, `${inFlight.length} requests were in flight at the TERM`)
  t.same(inFlight.filter(o => o.status === 200), [], `none of them got an answer (${summary(inFlight)})`)
  const afterTerm = outcomes.filter(o => o.start >= termAt + 200)
  t.ok(afterTerm.length > 0 && afterTerm.every(o => o.status === undefined), `the requests sent after the TERM failed too (${summary(afterTerm)})`)
  t.match(run.stderr, /signal 15 \(SIGTERM\) received from 1\b/, 'nginx got TERM from the init')
  t.ok(run.exitMs < 5000, `the init ended soon after the TERM (${run.exitMs} ms)`)
})
