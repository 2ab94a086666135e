// Every forwardable signal reaches the child (in group mode, its whole group); as PID 1 the
// kernel drops signals with no handler. In a container, via `crun kill ID SIG` (docker kill).
import t from 'tap'
import { startServed } from './lib/container/served.js'
import { receivedAt } from './lib/log-lines.js'
import { containerColumn } from './lib/container/suite.js'
import { modes } from './lib/modes.js'
import { parallel } from './lib/parallel.js'
import { isRunning } from './lib/processes.js'
import { deliver, gotSignals, printerProcess, startFamily, waitGot, waitReady } from './lib/stop/served.js'

/** In sending order; ABRT, TRAP and SYS too, as under dumb-init (ABRT is sent for dumps). As PID 1
 * TSTP/TTIN/TTOU pass, each followed by CONT; otherwise they stop the child and the init (job
 * control, test/terminal.ts). */
const FORWARDED = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTRAP', 'SIGABRT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGWINCH',
  'SIGVTALRM', 'SIGXCPU', 'SIGIO', 'SIGPWR', 'SIGSTKFLT', 'SIGSYS',
] as const
const JOB_STOPS_AS_PID1 = ['SIGTSTP', 'SIGCONT', 'SIGTTIN', 'SIGCONT', 'SIGTTOU', 'SIGCONT'] as const

for (const mode of modes) {
  t.test(`every forwardable signal reaches the child, ${mode.name}`, async t => {
    const init = await startFamily(t, mode)
    const initProc = (await init.stat())!
    const who = mode.single ? ['main'] : ['main', 'grand']
    for (const signal of [...FORWARDED, ...(mode.pid1 ? JOB_STOPS_AS_PID1 : [])]) {
      // One missing signal must not hide the others: record it and go on, while the init lives.
      const reached = await deliver(init, signal, who).then(() => true, () => false)
      t.ok(reached, `${signal} reaches ${who.join(' and ')}`)
      if (!isRunning(initProc)) return t.fail(`the init died after ${signal}`, { stderr: init.stderr.text, stdout: init.stdout.text })
    }
    if (mode.single) {
      // Barrier: SIGSYS (31) sent to the grandchild directly. Pending signals are delivered
      // lowest number first, so any forwarded signal would have been printed before it.
      const grand = printerProcess(init, 'grand')
      const from = init.stdout.text.length
      process.kill(grand.pid, 'SIGSYS')
      await waitGot(init, 'grand', 'SIGSYS', from)
      t.same(init.stdout.lines().filter(l => /^grand got (?!SIGSYS)/.test(l)), [], 'the grandchild got none of them')
      process.kill(grand.pid, 'SIGKILL')
    }
    await init.kill('SIGTERM')
    const r = await init.waitExit()
    t.match(r.stdout, /^main got SIGTERM \d+$/m, 'SIGTERM reaches the child')
    t.equal(r.code, 0, 'the init exits with the child\'s code')
  })
}

containerColumn(t, 'signal forwarding', (t, suite) => {
  for (const singleChild of [false, true]) {
    const name = singleChild ? 'with --single-child, forwards crun kill TERM to the child' : 'forwards crun kill TERM to the whole process group'
    t.test(name, { ...parallel(), skip: suite.skip({ singleChild }) }, async t => {
      const c = await startServed(suite, { singleChild, verbose: true }, { worker: true })
      await c.kill('TERM')
      const at = await waitGot(c, 'child', 'SIGTERM')
      if (!singleChild) await waitGot(c, 'worker', 'SIGTERM')
      const delay = at - receivedAt(c.stderr.text, 'SIGTERM')
      t.ok(delay < 3000, `forwarded at once: the child got TERM ${delay} ms after the init did`, { stderr: c.stderr.text })
      t.equal((await c.waitExit()).code, 7, "the child's exit code", { stderr: c.stderr.text })
    })
  }

  t.test('forwards a non-stop signal (HUP) to the whole process group', parallel(), async t => {
    const c = await startServed(suite, {}, { worker: true })
    await c.kill('HUP')
    await waitGot(c, 'child', 'SIGHUP')
    await waitGot(c, 'worker', 'SIGHUP')
    t.pass('child and worker got SIGHUP')
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test('with --single-child, HUP reaches the child but not the rest of its group', { ...parallel(), skip: suite.skip({ singleChild: true }) }, async t => {
    const c = await startServed(suite, { singleChild: true }, { worker: true })
    await c.kill('HUP')
    await waitGot(c, 'child', 'SIGHUP')
    // A USR2 sent to the worker afterwards arrives after any HUP it was sent: no sleep needed.
    const r = await c.exec('/bin/kill', '-USR2', String(await waitReady(c, 'worker')))
    if (r.code !== 0) throw new Error(`kill -USR2 in the container failed: ${r.stderr}`)
    await waitGot(c, 'worker', 'SIGUSR2')
    t.same(gotSignals(c.stdout.text, 'worker').map(g => g.signal), ['SIGUSR2'], 'the worker got no SIGHUP')
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })
}, 2)
