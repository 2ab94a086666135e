// Signal forwarding: every forwardable signal reaches the child (and, in group mode, the
// rest of its process group), through the rewrite table; dropped signals leave the init running.
// As PID 1 this is meaningful: the kernel drops a signal for which PID 1 has no handler. In a
// container, `crun kill ID SIG` (docker kill, the kubelet's stop) reaches the child through PID 1.
import t, { type Test } from 'tap'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { startInit, type InitProcess } from './lib/init-process.js'
import { otherInit } from './lib/inits.js'
import { hasLog } from './lib/log-lines.js'
import { gotSignals, waitGot, waitReady } from './lib/stop/served.js'
import { modeArgs, modes, type Mode } from './lib/modes.js'
import { node, printer } from './lib/paths.js'
import { findTagged, isRunning, readStat } from './lib/processes.js'
import { accepts } from './lib/probes/net.js'
import { shellJoin } from './lib/shell.js'
import { parallel } from './lib/parallel.js'

/**
 * Every forwardable signal, in sending order; ABRT, TRAP and SYS too, as under dumb-init (people
 * send ABRT for dumps). As PID 1, TSTP/TTIN/TTOU pass as they are, each followed by CONT; not
 * as PID 1 they stop the child and the init (job control, test/terminal.ts), so they are
 * tested there.
 */
const FORWARDED = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTRAP', 'SIGABRT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGWINCH',
  'SIGVTALRM', 'SIGXCPU', 'SIGIO', 'SIGPWR', 'SIGSTKFLT', 'SIGSYS',
] as const
const JOB_STOPS_AS_PID1 = ['SIGTSTP', 'SIGCONT', 'SIGTTIN', 'SIGCONT', 'SIGTTOU', 'SIGCONT'] as const

/** The init running `sh -c 'grand & exec main'`: two printers in one process group. */
async function startFamily(t: Test, mode: Mode, options: string[] = [], exitOn = ['SIGTERM:0']): Promise<InitProcess> {
  const flags = exitOn.flatMap(e => ['--exit-on', e])
  const script = `${shellJoin(printer('grand', ...flags))} & exec ${shellJoin(printer('main', ...flags))}`
  const init = startInit(t, { pid1: mode.pid1, args: [...options, ...modeArgs(mode), 'sh', '-c', script] })
  await init.stdout.waitFor(/^main ready/m)
  await init.stdout.waitFor(/^grand ready/m)
  return init
}

/** Sends a signal to the init and waits until `who` prints it. */
async function deliver(init: InitProcess, signal: string, who: string[]): Promise<void> {
  const from = init.stdout.text.length
  await init.kill(signal as NodeJS.Signals)
  for (const name of who) await init.stdout.waitFor(new RegExp(`^${name} got ${signal}$`, 'm'), 20_000, from)
}

/** The printer `name`'s host process. */
function printerProcess(init: InitProcess, name: string) {
  const [st] = findTagged(init.tag, argv => argv.includes(name) && argv.some(a => a.endsWith('signal-printer.cjs')))
  if (!st) throw new Error(`no process for printer ${name}`)
  return st
}

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
      await init.stdout.waitFor(/^grand got SIGSYS$/m, 20_000, from)
      t.same(init.stdout.lines().filter(l => /^grand got (?!SIGSYS)/.test(l)), [], 'the grandchild got none of them')
      process.kill(grand.pid, 'SIGKILL')
    }
    await init.kill('SIGTERM')
    const r = await init.waitExit(20_000)
    t.match(r.stdout, /^main got SIGTERM$/m, 'SIGTERM reaches the child')
    t.equal(r.code, 0, 'the init exits with the child\'s code')
  })
}

/** [behaviour, rewrite options, signal sent, signal the child must get instead] */
const rewrites: [string, string[], string, string][] = [
  ['-r TERM:QUIT turns the stop signal into QUIT', ['-r', 'TERM:QUIT'], 'SIGTERM', 'SIGQUIT'],
  ['-r 15:3 takes numbers', ['-r', '15:3'], 'SIGTERM', 'SIGQUIT'],
  ['--rewrite SIGTERM:SIGQUIT takes SIG names', ['--rewrite', 'SIGTERM:SIGQUIT'], 'SIGTERM', 'SIGQUIT'],
  ['-r HUP:USR2 rewrites a non-stop signal', ['-r', 'HUP:USR2'], 'SIGHUP', 'SIGUSR2'],
  ['-r is repeatable', ['-r', 'INT:USR1', '-r', 'HUP:USR2'], 'SIGHUP', 'SIGUSR2'],
  ['-r is repeatable (first entry)', ['-r', 'INT:USR1', '-r', 'HUP:USR2'], 'SIGINT', 'SIGUSR1'],
]

for (const mode of modes) {
  t.test(`the rewrite table applies, ${mode.name}`, async t => {
    for (const [behaviour, options, sent, got] of rewrites) {
      t.test(behaviour, async t => {
        const init = await startFamily(t, mode, options, ['SIGTERM:0', 'SIGQUIT:0'])
        const who = mode.single ? ['main'] : ['main', 'grand']
        // In single-child mode the grandchild would be a leftover at the stop: not this test.
        if (mode.single) process.kill(printerProcess(init, 'grand').pid, 'SIGKILL')
        const from = init.stdout.text.length
        await init.kill(sent as NodeJS.Signals)
        for (const name of who) await init.stdout.waitFor(new RegExp(`^${name} got ${got}$`, 'm'), 20_000, from)
        if (sent !== 'SIGTERM') await init.kill('SIGTERM')
        const r = await init.waitExit(20_000)
        t.equal(r.code, 0, 'the child got the rewritten signal and the init exits 0')
        t.notMatch(r.stdout, new RegExp(`got ${sent}$`, 'm'), `${sent} itself never arrives`)
      })
    }
  })
}

/** Signals rewritten to 0; all below SIGWINCH (28), which serves as the barrier. */
const DROPPED = ['SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGALRM'] as const

for (const mode of modes) {
  t.test(`a signal rewritten to 0 is dropped and the init keeps running, ${mode.name}`, async t => {
    for (const signal of DROPPED) {
      t.test(`-r ${signal.slice(3)}:0`, async t => {
        const init = await startFamily(t, mode, ['-r', `${signal.slice(3)}:0`])
        const who = mode.single ? ['main'] : ['main', 'grand']
        const initProc = await init.stat()
        await init.kill(signal)
        // Barrier: the init handles signals in order, and a pending lower-numbered signal is
        // delivered first, so a forwarded `signal` would be printed before SIGWINCH.
        await deliver(init, 'SIGWINCH', who)
        t.notMatch(init.stdout.text, new RegExp(`got ${signal}$`, 'm'), `${signal} is not forwarded`)
        t.ok(initProc && isRunning(initProc), 'the init is still running')
        if (mode.single) process.kill(printerProcess(init, 'grand').pid, 'SIGKILL')
        await init.kill('SIGTERM')
        const r = await init.waitExit(20_000)
        t.equal(r.code, 0, 'and still stops normally')
      })
    }
  })
}

for (const mode of modes.filter(m => !m.single)) {
  t.test(`SIGUSR1 is forwarded and never opens the inspector on 9229, ${mode.name}`, async t => {
    if (await accepts(9229)) return t.fail('something already listens on 127.0.0.1:9229; cannot test')
    const init = await startFamily(t, mode)
    await deliver(init, 'SIGUSR1', ['main', 'grand'])
    // Node opens the inspector within milliseconds of SIGUSR1; look a few times over ~1 s.
    let opened = false
    for (let i = 0; i < 10 && !opened; i++) {
      opened = await accepts(9229)
      await new Promise(r => setTimeout(r, 100))
    }
    t.notOk(opened, '127.0.0.1:9229 stays closed')
    await init.kill('SIGTERM')
    t.equal((await init.waitExit(20_000)).code, 0)
  })
}


/**
 * [signal, why the init must survive it without forwarding it]. The printer does not listen for
 * the faults: one forwarded would kill it, so a live child shows it was not.
 */
const SWALLOWED: [NodeJS.Signals | number, string][] = [
  ['SIGSEGV', 'a fault sent with kill: ignored (a real one still kills the init)'],
  ['SIGBUS', 'a fault sent with kill: ignored'],
  ['SIGFPE', 'a fault sent with kill: ignored'],
  ['SIGILL', 'a fault sent with kill: ignored'],
  ['SIGPIPE', 'ignored: self-inflicted by a broken stderr'],
  ['SIGXFSZ', 'ignored: self-inflicted by a log file over RLIMIT_FSIZE'],
  ['SIGPROF', "ignored: the runtime's profiling timer"],
  ['SIGURG', 'not forwarded: out-of-band socket data, meaningful only to the socket owner'],
  [35, 'real-time (SIGRTMIN+1): not supported, but must not crash the init'],
  [64, 'real-time (SIGRTMAX): not supported, but must not crash the init'],
]

for (const mode of modes) {
  t.test(`stray signals neither hurt the init nor reach the child, ${mode.name}`, async t => {
    const init = await startFamily(t, mode)
    const initProc = (await init.stat())!
    const who = mode.single ? ['main'] : ['main', 'grand']
    for (const [signal, why] of SWALLOWED) {
      await init.kill(signal)
      // A round trip behind it: the init handles its signals in order, and a fatal one would
      // have hit it (or the child) by the time the next forwarded signal comes back.
      const alive = await deliver(init, 'SIGWINCH', who).then(() => isRunning(initProc), () => false)
      t.ok(alive, `${signal} (${why}): the init is still running and forwarding`, { initState: readStat(initProc.pid)?.state, stderr: init.stderr.text })
      if (!alive) return
      t.ok(isRunning(printerProcess(init, 'main')), '... and the child is untouched')
      if (typeof signal === 'string') t.notMatch(init.stdout.text, new RegExp(`got ${signal}$`, 'm'), `... and ${signal} is not forwarded`)
    }
    // In single-child mode the grandchild would be a leftover holding stdout open: not this test.
    if (mode.single) process.kill(printerProcess(init, 'grand').pid, 'SIGKILL')
    await init.kill('SIGTERM')
    t.equal((await init.waitExit(20_000)).code, 0, 'the init still stops normally')
  })
}

containerColumn(t, 'signals', (t, suite) => {
  for (const singleChild of [false, true]) {
    const name = singleChild ? 'with --single-child, forwards crun kill TERM to the child' : 'forwards crun kill TERM to the whole process group'
    t.test(name, { ...parallel(), skip: suite.skip({ singleChild }) }, async t => {
      const c = await startServed(suite, { singleChild }, { worker: true })
      const sentAt = await c.kill('TERM')
      const at = await waitGot(c, 'child', 'SIGTERM')
      if (!singleChild) await waitGot(c, 'worker', 'SIGTERM')
      t.ok(at - sentAt < 1000, `forwarded at once (${at - sentAt} ms)`)
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

  t.test('--rewrite TERM:QUIT turns crun kill TERM into SIGQUIT for the child', { ...parallel(), skip: suite.skip({ rewrite: ['TERM:QUIT'] }) }, async t => {
    const c = await startServed(suite, { rewrite: ['TERM:QUIT'], verbose: true })
    await c.kill('TERM')
    await waitGot(c, 'child', 'SIGQUIT')
    t.equal((await c.waitExit()).code, 7, "the child's exit code", { stderr: c.stderr.text })
    t.same(gotSignals(c.stdout.text, 'child').map(g => g.signal), ['SIGQUIT'], 'the child never saw SIGTERM')
    if (!otherInit) t.ok(hasLog(c.stderr.text, { msg: 'rewrite', signal: 'SIGTERM', as: 'SIGQUIT' }), 'logs the rewrite', { stderr: c.stderr.text })
  })

  t.test('--rewrite HUP:0 drops HUP and keeps running', { ...parallel(), skip: suite.skip({ rewrite: ['HUP:0'] }) }, async t => {
    const c = await startServed(suite, { rewrite: ['HUP:0'] })
    await c.kill('HUP')
    await c.kill('USR1')
    await waitGot(c, 'child', 'SIGUSR1')
    t.same(gotSignals(c.stdout.text, 'child').map(g => g.signal), ['SIGUSR1'], 'HUP was dropped, USR1 forwarded')
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test("forwards SIGUSR1 and opens no inspector (the container shares the host's network)", parallel(), async t => {
    const c = await startServed(suite, {})
    await c.kill('USR1')
    await waitGot(c, 'child', 'SIGUSR1')
    t.same(await c.pid1ListeningPorts(), [], 'PID 1 listens on no TCP port')
    t.notMatch(c.stderr.text, /Debugger listening/)
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test('negative control: the inspector check sees a node PID 1 that lets SIGUSR1 open the inspector', parallel(), async t => {
    const c = suite.start({ pid1: [node, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'] })
    await c.stdout.waitFor(/^ready$/m)
    await c.kill('USR1')
    await c.stderr.waitFor(/Debugger listening/)
    t.same(await c.pid1ListeningPorts(), [9229], 'PID 1 listens on 9229')
    await c.stop({ signal: 'KILL', timeoutMs: 5000 })
  })
}, 2)
