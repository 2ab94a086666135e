// The init with --health-listen as the health tests run it: PID 1 over a stamped child, and the
// wait until its endpoint answers.
import type { Test } from 'tap'
import { startInit, type InitProcess } from '../init-process.js'
import { httpRequest, type Reply } from './net.js'
import { stamped } from './stamped.js'
import { waitReady } from '../stop/served.js'
import { waitUntil } from '../wait.js'

export async function startWithChild(t: Test, args: string[]): Promise<{ init: InitProcess; childPid: number }> {
  const init = startInit(t, { pid1: true, args: [...args, '--', ...stamped('child')] })
  const childPid = await waitReady(init, 'child')
  return { init, childPid }
}

/** Resolves once GET /livez answers on `port` (the endpoint starts a moment after the child). */
export function healthUp(port: number): Promise<Reply> {
  return waitUntil(`the health endpoint on ${port}`, async () => {
    const r = await httpRequest(port, '/livez')
    return r.status === 200 && r
  }, 10_000, 25)
}
