// The grace seen from outside a container: a child that ignores the stop signal is ended by the
// init's SIGKILL (exit 137) before the runtime's stop timeout. The upper bound is timed on the
// init's own log, from its receipt of the signal: beside other work, `crun kill` and crun's exit
// once added 4.6 s to the 1 s grace as seen from the host.
import type { Test } from 'tap'
import type { Container } from '../container/container.js'
import { startServed } from '../container/served.js'
import type { Suite } from '../container/suite.js'
import type { InitOptions } from '../inits.js'
import { firstLog, receivedAt } from '../log-lines.js'
import { waitGot } from './served.js'

export async function endedByGrace(t: Test, suite: Suite, stopSignal: string, init: InitOptions): Promise<Container> {
  const c = await startServed(suite, { ...init, verbose: true }, { options: [] })
  const stop = await c.stop({ signal: stopSignal, timeoutMs: 10_000 })
  await waitGot(c, 'child', `SIG${stopSignal}`)
  await c.stderr.waitFor(/"msg":"exit"/)
  const elapsed = stop.exit.at - stop.sentAt
  const fromReceipt = (firstLog(c.stderr.text, 'exit')?.time ?? NaN) - receivedAt(c.stderr.text, `SIG${stopSignal}`)
  t.notOk(stop.killed, 'graceful-init ended it, not the stop timeout', { stderr: c.stderr.text })
  t.equal(stop.exit.code, 137)
  t.ok(elapsed >= 1000, `exited no sooner than the grace (${elapsed} ms after crun kill)`)
  t.ok(fromReceipt >= 1000 && fromReceipt < 5000, `the init exited ${fromReceipt} ms after it got SIG${stopSignal}: the grace`, { stderr: c.stderr.text })
  return c
}
