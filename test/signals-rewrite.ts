// --rewrite S:R (also via `crun kill`), and a signal rewritten to 0, which is dropped.
import t from 'tap'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { otherInit } from './lib/inits.js'
import { hasLog } from './lib/log-lines.js'
import { modes } from './lib/modes.js'
import { parallel } from './lib/parallel.js'
import { isRunning } from './lib/processes.js'
import { deliver, gotSignals, printerProcess, startFamily, waitGot } from './lib/stop/served.js'

/** [behaviour, rewrite options, signal sent, signal the child must get instead] */
const rewrites: [string, string[], string, string][] = [
  ['-r TERM:QUIT turns the stop signal into QUIT', ['-r', 'TERM:QUIT'], 'SIGTERM', 'SIGQUIT'],
  ['-r 15:3 takes numbers', ['-r', '15:3'], 'SIGTERM', 'SIGQUIT'],
  ['--rewrite SIGTERM:SIGQUIT takes SIG names', ['--rewrite', 'SIGTERM:SIGQUIT'], 'SIGTERM', 'SIGQUIT'],
  ['-r HUP:USR2 rewrites a non-stop signal', ['-r', 'HUP:USR2'], 'SIGHUP', 'SIGUSR2'],
  ['-r is repeatable', ['-r', 'INT:USR1', '-r', 'HUP:USR2'], 'SIGHUP', 'SIGUSR2'],
  ['-r is repeatable (first entry)', ['-r', 'INT:USR1', '-r', 'HUP:USR2'], 'SIGINT', 'SIGUSR1'],
]

/** Signals rewritten to 0; all below SIGWINCH (28), which serves as the barrier. */
const DROPPED = ['SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGALRM'] as const

for (const mode of modes) {
  const who = mode.single ? ['main'] : ['main', 'grand']
  t.test(`the rewrite table applies, ${mode.name}`, async t => {
    for (const [behaviour, options, sent, got] of rewrites) {
      t.test(behaviour, async t => {
        const init = await startFamily(t, mode, options, ['SIGTERM:0', 'SIGQUIT:0'])
        // In single-child mode the grandchild would be a leftover at the stop: not this test.
        if (mode.single) process.kill(printerProcess(init, 'grand').pid, 'SIGKILL')
        const from = init.stdout.text.length
        await init.kill(sent as NodeJS.Signals)
        for (const name of who) await waitGot(init, name, got, from)
        if (sent !== 'SIGTERM') await init.kill('SIGTERM')
        const r = await init.waitExit()
        t.equal(r.code, 0, 'the child got the rewritten signal and the init exits 0')
        t.notMatch(r.stdout, new RegExp(`got ${sent} \\d+$`, 'm'), `${sent} itself never arrives`)
      })
    }
  })

  t.test(`a signal rewritten to 0 is dropped and the init keeps running, ${mode.name}`, async t => {
    for (const signal of DROPPED) {
      const rule = `${signal.slice(3)}:0`
      t.test(`-r ${rule}`, async t => {
        const init = await startFamily(t, mode, ['-r', rule])
        const initProc = await init.stat()
        await init.kill(signal)
        // Barrier: the init forwards in order and pending lower-numbered signals are delivered
        // first, so a forwarded `signal` would print before SIGWINCH.
        await deliver(init, 'SIGWINCH', who)
        t.notMatch(init.stdout.text, new RegExp(`got ${signal} \\d+$`, 'm'), `${signal} is not forwarded`)
        t.ok(initProc && isRunning(initProc), 'the init is still running')
        if (mode.single) process.kill(printerProcess(init, 'grand').pid, 'SIGKILL')
        await init.kill('SIGTERM')
        t.equal((await init.waitExit()).code, 0, 'and still stops normally')
      })
    }
  })
}

containerColumn(t, 'the rewrite table', (t, suite) => {
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
}, 2)
