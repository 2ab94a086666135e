// The grace seen from outside a container: a child that ignores the stop signal is ended by the
// init's SIGKILL (exit 137) before the runtime's stop timeout.
import type { Test } from 'tap'
import type { Container } from '../container/container.js'
import { startServed } from '../container/served.js'
import type { Suite } from '../container/suite.js'
import type { InitOptions } from '../inits.js'
import { waitGot } from './served.js'

export async function endedByGrace(t: Test, suite: Suite, stopSignal: string, init: InitOptions): Promise<Container> {
  const c = await startServed(suite, init, { options: [] })
  const stop = await c.stop({ signal: stopSignal, timeoutMs: 10_000 })
  await waitGot(c, 'child', `SIG${stopSignal}`)
  const elapsed = stop.exit.at - stop.sentAt
  t.notOk(stop.killed, 'graceful-init ended it, not the stop timeout', { stderr: c.stderr.text })
  t.equal(stop.exit.code, 137)
  t.ok(elapsed >= 1000 && elapsed < 5000, `exited after the grace (${elapsed} ms)`)
  return c
}
