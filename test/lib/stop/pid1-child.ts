// The init as PID 1 running served.cjs `child`: the start of most stop-sequence cases.
import type { Test } from 'tap'
import { startInit, type InitProcess } from '../init-process.js'
import { served, waitReady } from './served.js'

/** PID 1 with `args` and served.cjs `child` (`--exit-on` each of `exits`); resolves once the child is ready. */
export async function startPid1Child(t: Test, args: string[], exits: string[] = [], env?: Record<string, string>): Promise<InitProcess> {
  const init = startInit(t, { pid1: true, env, args: [...args, ...served('child', ...exits.flatMap(e => ['--exit-on', e]))] })
  await waitReady(init, 'child')
  return init
}
