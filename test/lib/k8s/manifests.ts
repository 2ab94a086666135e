// Kubernetes manifests: workloads' pod specs, each container's graceful-init command line, and
// whether its stop sequence fits in terminationGracePeriodSeconds.
import { posix } from 'node:path'
import { parseInitArgs, stopTime, totalMs, withEnv, type InitCommandLine } from './stop-budget.js'

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const get = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v)
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const strings = (v: unknown): string[] => arrayOf(v).map(String)

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod). */
export function podSpecOf(doc: unknown): Obj | undefined {
  const kind = get(doc, 'kind')
  const below = kind === 'Pod' ? [] : kind === 'CronJob' ? ['jobTemplate', 'spec', 'template', 'spec'] : ['template', 'spec']
  const spec = get(doc, 'spec', ...below)
  return isObj(spec) ? spec : undefined
}

export interface InitContainer {
  name: string
  /** The arguments after graceful-init, and the GRACEFUL_INIT_* env given as values. */
  args: string[]
  env: Record<string, string>
  commandLine: InitCommandLine
  /** Kubernetes' own preStop hook: seconds of `sleep`, or 'unknown' for exec/httpGet hooks. */
  k8sPreStop: number | 'unknown' | undefined
}

/** Every container (and init container: native sidecars) of a pod spec that runs graceful-init. */
export function initContainers(pod: Obj): InitContainer[] {
  const out: InitContainer[] = []
  for (const c of [...arrayOf(pod.containers), ...arrayOf(pod.initContainers)]) {
    const argv = [...strings(get(c, 'command')), ...strings(get(c, 'args'))]
    const at = argv.findIndex(a => /^graceful-init(\.js)?$/.test(posix.basename(a)))
    // `graceful-init --copy-to DIR`: the portable build installing itself, not an init.
    if (at < 0 || argv[at + 1] === '--copy-to') continue
    const env: Record<string, string> = {}
    for (const e of arrayOf(get(c, 'env'))) {
      const name = get(e, 'name')
      const value = get(e, 'value')
      if (typeof name === 'string' && name.startsWith('GRACEFUL_INIT_') && typeof value === 'string') env[name] = value
    }
    const args = argv.slice(at + 1)
    const preStop = get(c, 'lifecycle', 'preStop')
    const sleep = get(preStop, 'sleep', 'seconds')
    out.push({
      name: String(get(c, 'name')),
      args,
      env,
      commandLine: withEnv(parseInitArgs(args), env),
      k8sPreStop: preStop === undefined ? undefined : typeof sleep === 'number' ? sleep : 'unknown',
    })
  }
  return out
}

/** Why a container's stop sequence does not fit in the pod's grace period; [] when it does. */
export function budgetProblems(c: InitContainer, terminationGracePeriodSeconds: number): string[] {
  const s = stopTime(c.commandLine)
  const limitMs = terminationGracePeriodSeconds * 1000
  if (c.k8sPreStop === 'unknown') return ['has a Kubernetes preStop hook of unknown duration (use a sleep action)']
  const preStopMs = (c.k8sPreStop ?? 0) * 1000
  const problems: string[] = []
  const parts = `drain ${s.drainMs} + hooks ${s.hooksMs} + stop command ${s.stopCommandMs} + grace ${s.graceMs ?? '(none)'} + preStop ${preStopMs} ms`
  if (s.budgetMs !== undefined && s.budgetMs > limitMs) {
    problems.push(`--budget ${s.budgetMs} ms is more than terminationGracePeriodSeconds ${terminationGracePeriodSeconds}`)
  }
  if (s.graceMs === undefined && s.budgetMs === undefined) {
    problems.push('has neither --grace nor --budget: the kubelet SIGKILL ends a child that does not exit')
  } else if (s.graceMs === undefined) {
    // graceful-init derives the grace from the budget: what comes before it must leave room.
    const beforeMs = s.drainMs + s.hooksMs + s.stopCommandMs + preStopMs
    if (beforeMs >= (s.budgetMs ?? 0)) problems.push(`leaves no grace inside --budget: ${parts}`)
  } else if (totalMs(s) + preStopMs >= limitMs) {
    problems.push(`needs ${totalMs(s) + preStopMs} ms, not under ${limitMs} ms: ${parts}`)
  }
  return problems
}
