// The kubelet's side of a pod deletion
// (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination):
// at t0 the endpoints removal starts (the load balancer gets it `lagMs` later) while the kubelet
// runs preStop, sends TERM to PID 1, and SIGKILL at t0 + terminationGracePeriodSeconds (a
// preStop still running then gets a one-off 2 s extension).
import { spawn } from 'node:child_process'
import type { InitExit, InitProcess } from '../init-process.js'
import { killIfAlive } from '../processes.js'
import { withTimeout } from '../wait.js'
import type { LoadBalancer } from './load-balancer.js'

/** What happened, on the test's performance.now() clock (ms). */
export interface Termination {
  deletedAt: number
  preStop?: { startAt: number; endAt: number; code: number | null; killed: boolean }
  termAt: number
  /** When the kubelet sent SIGKILL, if it had to. */
  killAt?: number
  exitAt: number
  exit: InitExit
}

interface Deletion {
  init: InitProcess
  lb: LoadBalancer
  /** The pod's name as a load balancer endpoint. */
  endpoint: string
  /** How long endpoints removal takes to reach the load balancer. */
  lagMs: number
  /** terminationGracePeriodSeconds, in ms. */
  gracePeriodMs: number
  /** A preStop exec hook, run inside the container's PID and mount namespaces. */
  preStop?: string[]
}

const PRESTOP_EXTENSION_MS = 2000

export async function deletePod(d: Deletion): Promise<Termination> {
  const pid = await d.init.pid()
  const deletedAt = performance.now()
  d.lb.removeEndpointAfter(d.endpoint, d.lagMs)
  let deadline = deletedAt + d.gracePeriodMs
  let preStop: Termination['preStop']
  if (d.preStop) {
    preStop = await runPreStop(pid, d.preStop, deadline)
    if (preStop.killed) deadline = performance.now() + PRESTOP_EXTENSION_MS
  }
  const termAt = performance.now()
  process.kill(pid, 'SIGTERM')
  const exited = d.init.exited.then(() => performance.now())
  const inTime = await withTimeout('the pod to exit', exited, Math.max(0, deadline - performance.now())).then(() => true, () => false)
  let killAt: number | undefined
  if (!inTime) {
    killAt = performance.now()
    killIfAlive(pid)
  }
  const exit = await d.init.waitExit(5000)
  const exitAt = await exited
  return { deletedAt, ...(preStop ? { preStop } : {}), termAt, ...(killAt !== undefined ? { killAt } : {}), exitAt, exit }
}

/** Runs the hook in the container (nsenter), killed at `deadline` (performance.now() ms). */
function runPreStop(pid: number, argv: string[], deadline: number): Promise<NonNullable<Termination['preStop']>> {
  const startAt = performance.now()
  const hook = spawn('nsenter', ['--target', String(pid), '--pid', '--mount', '--', ...argv], { stdio: 'ignore' })
  let killed = false
  const timer = setTimeout(() => {
    killed = true
    hook.kill('SIGKILL')
  }, Math.max(0, deadline - startAt))
  return new Promise(resolve => {
    hook.on('error', () => hook.emit('close', null))
    hook.on('close', (code: number | null) => {
      clearTimeout(timer)
      resolve({ startAt, endAt: performance.now(), code, killed })
    })
  })
}
