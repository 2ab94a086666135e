// A container whose command is the served.cjs fixture (see ../stop/served.ts), started and ready.
import type { InitOptions } from '../inits.js'
import { exitOn, served, servedFamily, waitReady } from '../stop/served.js'
import type { Container } from './container.js'
import type { StartInput, Suite } from './suite.js'

/** served.cjs "child" (by default exit 7 on TERM, QUIT and INT), with a "worker" in its group if asked. */
export async function startServed(
  suite: Suite,
  init: InitOptions,
  { options = exitOn(7), worker = false, volumes }: { options?: string[]; worker?: boolean; volumes?: StartInput['volumes'] } = {},
): Promise<Container> {
  const c = suite.start({ init, volumes, cmd: worker ? servedFamily(options) : served('child', ...options) })
  await waitReady(c, 'child')
  if (worker) await waitReady(c, 'worker')
  return c
}
