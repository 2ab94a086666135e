// An app and its proxy, each under graceful-init as PID 1, sharing a dir (the pod's emptyDir).
import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startInit, type InitProcess } from './lib/init-process.js'
import { childrenOf } from './lib/processes.js'
import { freePort } from './lib/probes/net.js'
import { ms, nowNs, stampOf, stamped, waitStamp } from './lib/probes/stamped.js'
import { timeline } from './lib/log-lines.js'
import { tempDir } from './lib/stop/temp.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn, type Suite } from './lib/container/suite.js'
import { exitOn, waitGot, waitReady } from './lib/stop/served.js'

ourInitOnly(t, '--exit-file, --drain-until-file, --wait-for')

t.jobs = 3

/** The app's TERM handler takes this long to finish (ms). */
const APP_CLEANUP_MS = 1000
/** The proxy's drain: the upper bound, which --drain-until-file must cut far short. */
const PROXY_DRAIN = '20s'

async function startPod(t: Test, dir: string, proxyArgs: string[]) {
  const app = startInit(t, { pid1: true, args: ['-v', '--exit-file', join(dir, 'app-exited'), '--', ...stamped('app', '--exit-after', String(APP_CLEANUP_MS))] })
  const proxy = startInit(t, { pid1: true, args: ['-v', ...proxyArgs, '--', ...stamped('proxy')] })
  await Promise.all([waitReady(app, 'app'), waitReady(proxy, 'proxy')])
  return { app, proxy }
}

/** TERM to both inits at the same moment, as the kubelet does; waits for both to exit. */
async function stopPod(pod: { app: InitProcess; proxy: InitProcess }) {
  const [appPid, proxyPid] = await Promise.all([pod.app.pid(), pod.proxy.pid()])
  const sentNs = nowNs()
  process.kill(appPid, 'SIGTERM')
  process.kill(proxyPid, 'SIGTERM')
  const [app, proxy] = await Promise.all([pod.app.waitExit(30_000), pod.proxy.waitExit(30_000)])
  const at = (stdout: string, name: string, event: string) => ms((stampOf(stdout, name, event) ?? 0n) - sentNs)
  return {
    app, proxy,
    appTermMs: at(app.stdout, 'app', 'got SIGTERM'),
    appExitingMs: at(app.stdout, 'app', 'exiting'),
    proxyTermMs: at(proxy.stdout, 'proxy', 'got SIGTERM'),
  }
}

t.test(`shutdown: the proxy (--drain-until-file) gets TERM after the app's child exited, well before ${PROXY_DRAIN}`, parallel(), async t => {
  const dir = tempDir(t, 'gi-sidecar-')
  const s = await stopPod(await startPod(t, dir, ['--drain', PROXY_DRAIN, '--drain-until-file', join(dir, 'app-exited')]))
  t.ok(s.appTermMs >= 0 && s.appTermMs < 1000, `the app got TERM at once (+${s.appTermMs.toFixed(1)} ms)`)
  t.ok(s.appExitingMs >= APP_CLEANUP_MS, `the app's child took its ${APP_CLEANUP_MS} ms to exit (+${s.appExitingMs.toFixed(1)} ms)`)
  t.ok(s.proxyTermMs > s.appExitingMs, `the proxy's child got TERM after the app's child exited (${(s.proxyTermMs - s.appExitingMs).toFixed(1)} ms after)`,
    { proxyTimeline: timeline(s.proxy.stderr) })
  t.ok(s.proxyTermMs < 5000, `well before the ${PROXY_DRAIN} drain (+${s.proxyTermMs.toFixed(1)} ms)`)
  t.match(s.proxy.stderr, /"msg":"stop: drain ended early, the file is there"/, "the proxy's init says why the drain ended")
  t.equal(readFileSync(join(dir, 'app-exited'), 'utf8'), '0\n', "the exit file holds the app's exit code")
  t.equal(s.app.code, 0, 'the app side exits 0')
  t.equal(s.proxy.code, 0, 'the proxy side exits 0')
})

t.test('shutdown, contrast: with no drain flags, the proxy gets TERM while the app is still finishing', parallel(), async t => {
  const s = await stopPod(await startPod(t, tempDir(t, 'gi-sidecar-'), []))
  t.ok(s.proxyTermMs < s.appExitingMs, `the proxy got TERM first (+${s.proxyTermMs.toFixed(1)} ms, the app exited at +${s.appExitingMs.toFixed(1)} ms)`)
})

t.test("start-up: the app's init (--wait-for the proxy's port) starts the app once the proxy listens", parallel(), async t => {
  const port = await freePort()
  const app = startInit(t, {
    pid1: true,
    args: ['-v', '--wait-for', `tcp://127.0.0.1:${port}`, '--exit-file', join(tempDir(t, 'gi-sidecar-'), 'app-exited'), '--', ...stamped('app')],
  })
  await app.stderr.waitFor(/"msg":"waiting for"/, 10_000)
  // The proxy's container comes up later; meanwhile the app's init runs nothing.
  const appPid = await app.pid()
  let held = true
  for (const until = Date.now() + 500; Date.now() < until && held; ) {
    held = childrenOf(appPid).length === 0 && !app.exit
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  t.ok(held, 'the app is not started while the proxy is not there')

  const proxy = startInit(t, { pid1: true, args: ['-v', '--', ...stamped('proxy', '--listen', String(port))] })
  const listening = await waitStamp(proxy, 'proxy', 'listening', 0, 10_000)
  const after = ms((await waitStamp(app, 'app', 'started', 0, 10_000)).ns - listening.ns)
  t.ok(after > 0, `the app started after the proxy listened (${after.toFixed(1)} ms after)`)
  t.ok(after < 3000, 'and soon after')

  await Promise.all([waitReady(app, 'app'), waitReady(proxy, 'proxy')])
  await Promise.all([app.kill('SIGTERM'), proxy.kill('SIGTERM')])
  const [a, p] = await Promise.all([app.waitExit(10_000), proxy.waitExit(10_000)])
  t.same([a.code, p.code], [0, 0], 'both stop cleanly')
})

// Two containers of one pod (examples/kubernetes/app-with-sidecar-proxy.yaml): both get TERM at
// the same moment, as from the kubelet.
const APP_DRAIN = '1s'

async function stopPodInContainers(suite: Suite, shared: string) {
  const volumes = [{ host: shared, container: '/shared' }]
  const [app, proxy] = await Promise.all([
    startServed(suite, { drain: APP_DRAIN, extra: ['--exit-file', '/shared/app-exited'] }, { volumes }),
    startServed(suite, { drain: PROXY_DRAIN, extra: ['--drain-until-file', '/shared/app-exited'] }, { volumes, options: exitOn(0) }),
  ])
  const [sentAt] = await Promise.all([app.kill('TERM'), proxy.kill('TERM')])
  const [appExit, proxyExit] = await Promise.all([app.waitExit(), proxy.waitExit(30_000)])
  return { sentAt, appExit, proxyExit, appTerm: await waitGot(app, 'child', 'SIGTERM'), proxyTerm: await waitGot(proxy, 'child', 'SIGTERM') }
}

containerColumn(t, 'the proxy outlives the app', (t, suite) => {
  t.test('the proxy (--drain-until-file) gets TERM only after the app (--exit-file) has exited', parallel(), async t => {
    const s = await stopPodInContainers(suite, suite.makeDir('shared'))
    t.ok(s.appTerm - s.sentAt >= 1000, `the app got TERM after its ${APP_DRAIN} drain (${s.appTerm - s.sentAt} ms)`)
    t.equal(s.appExit.code, 7, "the app container's exit code")
    t.ok(s.proxyTerm >= s.appTerm, 'the proxy got TERM after the app did')
    t.ok(s.proxyTerm - s.sentAt < 10_000, `the proxy did not wait its whole ${PROXY_DRAIN} drain (${s.proxyTerm - s.sentAt} ms)`)
    t.ok(s.proxyExit.at >= s.appExit.at - 50, 'the proxy container exited after the app container')
    t.equal(s.proxyExit.code, 0, "the proxy container's exit code")
  })

  t.test("an exit file left by the app's previous run does not end the proxy's drain at once", parallel(), async t => {
    // A container restart keeps the pod's emptyDir: the file of the last crash is still there.
    const shared = suite.makeDir('shared')
    writeFileSync(join(shared, 'app-exited'), '1\n')
    const s = await stopPodInContainers(suite, shared)
    t.ok(s.proxyTerm >= s.appTerm, `the proxy got TERM after the app did (proxy ${s.proxyTerm - s.sentAt} ms, app ${s.appTerm - s.sentAt} ms after the stop)`)
  })
}, 2)
