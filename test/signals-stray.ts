// Faults sent with kill, self-inflicted and real-time signals neither hurt the init nor reach the
// child.
import t from 'tap'
import { modes } from './lib/modes.js'
import { deliver, printerProcess, startFamily } from './lib/stop/served.js'
import { isRunning, readStat } from './lib/processes.js'

/** [signal, why the init survives it unforwarded]. served.cjs does not listen for the faults, so a
 * live child shows none was forwarded. */
const SWALLOWED: [NodeJS.Signals | number, string][] = [
  ['SIGSEGV', 'a fault sent with kill: ignored (a real one still kills the init)'],
  ...(['SIGBUS', 'SIGFPE', 'SIGILL'] as const).map((s): [NodeJS.Signals, string] => [s, 'a fault sent with kill: ignored']),
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
      // A round trip behind it: signals are handled in order, so a fatal one would have struck
      // the init or the child by now.
      const alive = await deliver(init, 'SIGWINCH', who).then(() => isRunning(initProc), () => false)
      t.ok(alive, `${signal} (${why}): the init is still running and forwarding`, { initState: readStat(initProc.pid)?.state, stderr: init.stderr.text })
      if (!alive) return
      t.ok(isRunning(printerProcess(init, 'main')), '... and the child is untouched')
      if (typeof signal === 'string') t.notMatch(init.stdout.text, new RegExp(`got ${signal} \\d+$`, 'm'), `... and ${signal} is not forwarded`)
    }
    // In single-child mode the grandchild would be a leftover holding stdout open: not this test.
    if (mode.single) process.kill(printerProcess(init, 'grand').pid, 'SIGKILL')
    await init.kill('SIGTERM')
    t.equal((await init.waitExit()).code, 0, 'the init still stops normally')
  })
}
