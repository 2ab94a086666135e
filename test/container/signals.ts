// Signals sent to the container with `crun kill ID SIG` (docker kill, the kubelet's stop)
// reach the child through PID 1: forwarded, to the group or the child only, and rewritten.
import t from 'tap'
import type { Container } from './lib/container.js'
import { hasLog } from './lib/lines.js'
import { signalLines, signalsCommand, waitForSignal, workerPid } from './lib/signals-fixture.js'
import { pid1ListeningPorts } from './lib/proc.js'
import { setupSuite } from './lib/suite.js'

/** Signals the worker directly from inside the container and waits until it says so. */
async function markWorker(c: Container): Promise<void> {
  const r = await c.exec('/bin/kill', '-USR2', String(workerPid(c)))
  if (r.code !== 0) throw new Error(`kill -USR2 in the container failed: ${r.stderr}`)
  await waitForSignal(c, 'worker', 'SIGUSR2')
}

const suite = setupSuite(t)
if (suite) {
  const forwardCases = [
    { name: 'forwards crun kill TERM to the whole process group', singleChild: false },
    { name: 'with --single-child, forwards crun kill TERM to the child', singleChild: true },
  ]
  for (const { name, singleChild } of forwardCases) {
    t.test(name, { skip: suite.skip({ singleChild }) }, async t => {
      const c = suite.start({ init: { singleChild }, cmd: signalsCommand({ worker: true, code: 7 }) })
      await c.stdout.waitFor(/^ready$/)
      const sentAt = await c.kill('TERM')
      const child = await waitForSignal(c, 'child', 'SIGTERM')
      if (!singleChild) await waitForSignal(c, 'worker', 'SIGTERM')
      t.ok(child.at - sentAt < 1000, `forwarded at once (${child.at - sentAt} ms)`)
      t.equal((await c.waitExit()).code, 7, "the child's exit code", { stderr: c.stderr.text })
    })
  }

  t.test('forwards a non-stop signal (HUP) to the whole process group', async t => {
    const c = suite.start({ init: {}, cmd: signalsCommand({ worker: true, code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('HUP')
    await waitForSignal(c, 'child', 'SIGHUP')
    await waitForSignal(c, 'worker', 'SIGHUP')
    t.pass('child and worker got SIGHUP')
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test('with --single-child, HUP reaches the child but not the rest of its group', {
    skip: suite.skip({ singleChild: true }),
  }, async t => {
    const c = suite.start({ init: { singleChild: true }, cmd: signalsCommand({ worker: true, code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('HUP')
    await waitForSignal(c, 'child', 'SIGHUP')
    // A USR2 sent to the worker afterwards arrives after any HUP it was sent: no sleep needed.
    await markWorker(c)
    t.same(signalLines(c, 'worker').map(l => l.signal), ['SIGUSR2'], 'the worker got no SIGHUP')
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test('--rewrite TERM:QUIT turns crun kill TERM into SIGQUIT for the child', {
    skip: suite.skip({ rewrite: ['TERM:QUIT'] }),
  }, async t => {
    const c = suite.start({ init: { rewrite: ['TERM:QUIT'], verbose: true }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('TERM')
    await waitForSignal(c, 'child', 'SIGQUIT')
    t.equal((await c.waitExit()).code, 7, "the child's exit code", { stderr: c.stderr.text })
    t.same(signalLines(c, 'child').map(l => l.signal), ['SIGQUIT'], 'the child never saw SIGTERM')
    if (suite.init === 'graceful-init') {
      t.ok(hasLog(c.stderr, { msg: 'rewrite', signal: 'SIGTERM', as: 'SIGQUIT' }), 'logs the rewrite', {
        stderr: c.stderr.text,
      })
    }
  })

  t.test('--rewrite HUP:0 drops HUP and keeps running', { skip: suite.skip({ rewrite: ['HUP:0'] }) }, async t => {
    const c = suite.start({ init: { rewrite: ['HUP:0'] }, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('HUP')
    await c.kill('USR1')
    await waitForSignal(c, 'child', 'SIGUSR1')
    t.same(signalLines(c, 'child').map(l => l.signal), ['SIGUSR1'], 'HUP was dropped, USR1 forwarded')
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test("forwards SIGUSR1 and opens no inspector (the container shares the host's network)", async t => {
    const c = suite.start({ init: {}, cmd: signalsCommand({ code: 7 }) })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('USR1')
    await waitForSignal(c, 'child', 'SIGUSR1')
    t.same(await pid1ListeningPorts((...argv) => c.exec(...argv)), [], 'PID 1 listens on no TCP port')
    t.notMatch(c.stderr.text, /Debugger listening/)
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })
}
