// Two containers of one pod (examples/kubernetes/app-with-sidecar-proxy.yaml): both get TERM at
// the same moment, as from the kubelet, and the proxy outlives the app through a shared
// directory: the app's graceful-init writes --exit-file, the proxy's waits for it.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { signalsCommand, waitForSignal } from './lib/signals-fixture.js'
import { setupSuite, type Suite } from './lib/suite.js'

const APP_DRAIN = '1s'
const PROXY_DRAIN = '20s'

/** Starts the app and its proxy on a shared /shared, waits until both are ready. */
async function startPod(suite: Suite, shared: string) {
  const volumes = [{ host: shared, container: '/shared' }]
  const app = suite.start({
    init: { drain: APP_DRAIN, extra: ['--exit-file', '/shared/app-exited'] },
    cmd: signalsCommand({ code: 7 }),
    volumes,
  })
  const proxy = suite.start({
    init: { drain: PROXY_DRAIN, extra: ['--drain-until-file', '/shared/app-exited'] },
    cmd: signalsCommand({ code: 0 }),
    volumes,
  })
  await Promise.all([app.stdout.waitFor(/^ready$/), proxy.stdout.waitFor(/^ready$/)])
  return { app, proxy }
}

/** The kubelet's stop: TERM to every container at once. */
async function stopPod(pod: Awaited<ReturnType<typeof startPod>>) {
  const [sentAt] = await Promise.all([pod.app.kill('TERM'), pod.proxy.kill('TERM')])
  const [appExit, proxyExit] = await Promise.all([pod.app.waitExit(), pod.proxy.waitExit(30_000)])
  const appTerm = await waitForSignal(pod.app, 'child', 'SIGTERM')
  const proxyTerm = await waitForSignal(pod.proxy, 'child', 'SIGTERM')
  return { sentAt, appExit, proxyExit, appTerm, proxyTerm }
}

const suite = setupSuite(t)
if (suite) {
  const skip = suite.skip({ extra: ['--exit-file', '--drain-until-file'] })

  t.test('the proxy (--drain-until-file) gets TERM only after the app (--exit-file) has exited', { skip }, async t => {
    const shared = suite.makeDir('shared')
    const s = await stopPod(await startPod(suite, shared))
    t.ok(s.appTerm.at - s.sentAt >= 1000, `the app got TERM after its ${APP_DRAIN} drain (${s.appTerm.at - s.sentAt} ms)`)
    t.equal(s.appExit.code, 7, "the app container's exit code")
    t.ok(s.proxyTerm.at >= s.appTerm.at, 'the proxy got TERM after the app did')
    t.ok(s.proxyTerm.at - s.sentAt < 10_000, `the proxy did not wait its whole ${PROXY_DRAIN} drain (${s.proxyTerm.at - s.sentAt} ms)`)
    t.ok(s.proxyExit.at >= s.appExit.at - 50, 'the proxy container exited after the app container')
    t.equal(s.proxyExit.code, 0, "the proxy container's exit code")
  })

  t.test("an exit file left by the app's previous run does not end the proxy's drain at once", { skip }, async t => {
    // A container restart keeps the pod's emptyDir: the file of the last crash is still there.
    const shared = suite.makeDir('shared')
    writeFileSync(join(shared, 'app-exited'), '1\n')
    const s = await stopPod(await startPod(suite, shared))
    t.ok(s.proxyTerm.at >= s.appTerm.at, `the proxy got TERM after the app did (proxy ${
      s.proxyTerm.at - s.sentAt} ms, app ${s.appTerm.at - s.sentAt} ms after the stop)`)
  })
}
