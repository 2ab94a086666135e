// Pod termination modelled (test/lib/kubelet/: preStop, TERM to PID 1, KILL at the grace period)
// while a load balancer still routes to the pod, which runs examples/servers/nginx-like.js (TERM
// drops requests, QUIT ends them).
import t, { type Test } from 'tap'
import { lost, startClient, type Result } from './lib/kubelet/client.js'
import { deletePod, type Termination } from './lib/kubelet/kubelet.js'
import { startLoadBalancer, startReplica } from './lib/kubelet/load-balancer.js'
import { startPod } from './lib/kubelet/pod.js'
import { timeline } from './lib/log-lines.js'
import { ourInitOnly } from './lib/inits.js'

ourInitOnly(t, '--drain')

/** How long the endpoint's removal takes to reach the load balancer after the deletion. */
const LAG_MS = 1000
const DRAIN = `${LAG_MS + 1000}ms`
/** terminationGracePeriodSeconds, scaled down. */
const GRACE_PERIOD_MS = 8000
/** 25 requests/s, each with a 5 s deadline. */
const CLIENT = { intervalMs: 40, maxRequests: 600, timeoutMs: 5000 }

const describe = (rs: Result[]) => rs.map(r => `${r.servedBy ?? '?'} ${r.status ?? r.error}`).join(', ')
/** ms from the deletion to `at`. */
const sinceDelete = (k: Termination, at: number) => Math.round(at - k.deletedAt)

/** Starts a pod behind the load balancer (with one other replica), loads it, deletes it; `what`
 * heads the comment on how it went. */
async function deleteUnderLoad(t: Test, what: string, initArgs: string[], opts: { preStop?: string[]; gracePeriodMs?: number } = {}) {
  const pod = await startPod(t, initArgs)
  const replica = await startReplica(t)
  const lb = await startLoadBalancer(t, [{ name: 'pod', port: pod.port }, replica])
  const client = startClient(lb.port, CLIENT)
  try {
    await client.waitServed('pod', 5, 10_000)
    const k = await deletePod({
      init: pod.init, lb, endpoint: 'pod', lagMs: LAG_MS,
      gracePeriodMs: opts.gracePeriodMs ?? GRACE_PERIOD_MS,
      ...(opts.preStop ? { preStop: opts.preStop } : {}),
    })
    // Until the Service visibly serves without the pod.
    const served = client.results.filter(r => r.servedBy === 'replica' && r.status === 200).length
    await client.waitServed('replica', served + 5, 10_000)
    // Requests the load balancer routed to the pod after the deletion (during the lag).
    const toPodDuringLag = lb.log.filter(e => e.endpoint === 'pod' && e.at >= k.deletedAt)
    const results = await client.stop()
    t.comment(`${what}: ${results.length} requests, ${lost(results).length} lost; ${toPodDuringLag.length} routed to the pod during the ${LAG_MS} ms lag; ` +
      `TERM at +${sinceDelete(k, k.termAt)} ms, init exited at +${sinceDelete(k, k.exitAt)} ms` +
      (k.killAt !== undefined ? `, KILL at +${sinceDelete(k, k.killAt)} ms` : ''))
    return { termination: k, results, toPodDuringLag }
  } finally {
    await client.stop()
  }
}

t.test(`(a) --rewrite TERM:QUIT --drain ${DRAIN}, no preStop hook: 0 requests lost while the load balancer still routes to the pod`, async t => {
  const { termination: k, results, toPodDuringLag } = await deleteUnderLoad(t, '(a) --drain', ['--rewrite', 'TERM:QUIT', '--drain', DRAIN])
  t.same(describe(lost(results)), '', '0 lost requests', { timeline: timeline(k.exit.stderr) })
  t.ok(toPodDuringLag.length > 0, `the pod got requests during the lag (${toPodDuringLag.length}), so the drain was tested`)
  t.ok(toPodDuringLag.every(e => e.status === 200), 'the pod answered every one of them')
  t.match(k.exit.stderr, /nginx-like\[\d+\]: got SIGQUIT/, 'the server got QUIT (graceful), rewritten from TERM')
  t.notMatch(k.exit.stderr, /got SIGTERM/, 'the server never got TERM (fast)')
  t.equal(k.exit.code, 0, 'the pod exited 0')
})

t.test('(b) contrast, plain forwarding with no drain and no preStop hook: requests are lost', async t => {
  const run = await deleteUnderLoad(t, '(b) plain forwarding', [])
  const failed = lost(run.results)
  t.ok(failed.length > 0, `requests were lost (${failed.length}: ${describe(failed)})`)
  t.ok(failed.every(r => r.servedBy === 'pod'), 'every lost request had been routed to the deleted pod')
  t.match(run.termination.exit.stderr, /got SIGTERM/, 'the server got TERM (fast stop)')
})

t.test('(a, preStop) the classic recipe, a preStop exec "sleep" with --rewrite TERM:QUIT and no drain, loses no request either', async t => {
  const { termination: k, results, toPodDuringLag } =
    await deleteUnderLoad(t, '(a) preStop sleep', ['--rewrite', 'TERM:QUIT'], { preStop: ['sleep', String((LAG_MS + 1000) / 1000)] })
  t.equal(k.preStop?.code, 0, 'the preStop hook ran inside the container and succeeded')
  t.ok(k.termAt - k.deletedAt >= LAG_MS, `TERM came after the hook (+${sinceDelete(k, k.termAt)} ms)`)
  t.same(describe(lost(results)), '', '0 lost requests')
  t.ok(toPodDuringLag.length > 0, `the pod got requests during the lag (${toPodDuringLag.length})`)
})

t.test(`(c) the drain ends within terminationGracePeriodSeconds (${GRACE_PERIOD_MS} ms): exit 0 before the kubelet's KILL`, async t => {
  const { termination: k, results } =
    await deleteUnderLoad(t, '(c) in budget', ['--rewrite', 'TERM:QUIT', '--drain', DRAIN, '--grace', '4s', '--budget', `${GRACE_PERIOD_MS}ms`])
  t.equal(k.killAt, undefined, 'the kubelet never sent KILL')
  t.equal(k.exit.code, 0, 'the init exited 0')
  t.ok(k.exitAt - k.deletedAt < GRACE_PERIOD_MS, `it exited before the deadline (+${sinceDelete(k, k.exitAt)} ms)`)
  t.ok(k.exitAt - k.termAt >= LAG_MS, `the pod stayed up through the drain (+${Math.round(k.exitAt - k.termAt)} ms after TERM)`)
  t.same(describe(lost(results)), '', '0 lost requests')

  // The model's KILL is real: a drain longer than the grace period is cut by it.
  const { termination: o } =
    await deleteUnderLoad(t, '(c) contrast, drain 10s > grace period 3s', ['--rewrite', 'TERM:QUIT', '--drain', '10s'], { gracePeriodMs: 3000 })
  t.ok(o.killAt !== undefined, 'contrast: with --drain 10s and a 3 s grace period, the kubelet sends KILL')
  // unshare reports a PID 1 killed by SIGKILL as exit 1 ("sigprocmask unblock failed"), so the
  // init's death is read from the timing and its log: gone after the KILL but long before the
  // drain's 10 s, and it never got to log its own exit. How soon after the KILL is the kernel's
  // teardown of the namespace: over 1 s once on a loaded machine, so no bound on that.
  const killedAt = o.killAt ?? NaN
  t.ok(o.exitAt >= killedAt && o.exitAt - o.termAt < 10_000, `contrast: the KILL ended the pod (${Math.round(o.exitAt - killedAt)} ms after it, ${Math.round(o.exitAt - o.termAt)} ms after the TERM)`)
  t.notMatch(o.exit.stderr, /"msg":"exit"/, 'contrast: the init was cut off before its own exit')
})
