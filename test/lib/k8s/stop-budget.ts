// What a graceful-init command line (a Kubernetes container's command + args + env) asks of the
// stop timeout. Options come from src/config's table; the sum is worked out here, apart from
// src/config/budget.ts, so manifests are checked against the documented rules.
import { parseDuration as parseOrWhy } from '../../../src/config/duration.js'
import { envName, OPTIONS } from '../../../src/config/options.js'

/** `500ms`, `1m30s`, `0` → milliseconds, as graceful-init reads them; throws its reason otherwise. */
export function parseDuration(text: string): number {
  const ms = parseOrWhy(text)
  if (typeof ms === 'string') throw new Error(`"${text}" is not a duration: ${ms}`)
  return ms
}

/** Flag → long name of the options that take a value; the others are switches. */
const VALUE_OPTIONS = new Map(
  OPTIONS.filter(o => o.kind === 'value').flatMap(o => [[`--${o.long}`, o.long], ...(o.short ? [[`-${o.short}`, o.long]] : [])] as [string, string][]),
)
const SWITCHES = new Set(
  OPTIONS.filter(o => o.kind !== 'value').flatMap(o => [`--${o.long}`, ...(o.negatable ? [`--no-${o.long}`] : []), ...(o.short ? [`-${o.short}`] : [])]),
)
/** Repeated short count flags (-vv). */
const COUNTS = OPTIONS.filter(o => o.kind === 'count' && o.short).map(o => new RegExp(`^-${o.short}+$`))

/** graceful-init's options (name → values in order) and the command it runs. */
export interface InitCommandLine {
  options: Map<string, string[]>
  command: string[]
}

export function parseInitArgs(args: string[]): InitCommandLine {
  const options = new Map<string, string[]>()
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      i++
      break
    }
    if (!arg.startsWith('-') || arg === '-') break
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    const name = VALUE_OPTIONS.get(flag)
    if (name !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i]
      if (value === undefined) throw new Error(`${flag} has no value`)
      options.set(name, [...(options.get(name) ?? []), value])
    } else if (!SWITCHES.has(flag) && !COUNTS.some(re => re.test(flag))) {
      throw new Error(`unknown graceful-init option ${arg}`)
    }
  }
  return { options, command: args.slice(i) }
}

/** Adds GRACEFUL_INIT_* variables for the options the command line did not set (flag > env). */
export function withEnv(cl: InitCommandLine, env: Record<string, string>): InitCommandLine {
  const options = new Map(cl.options)
  for (const o of OPTIONS) {
    const raw = env[envName(o)]
    if (o.kind !== 'value' || o.env === false || options.has(o.long) || raw === undefined || raw.trim() === '') continue
    const split = o.envSplit === 'newline' ? /\r?\n/ : o.envSplit === 'comma' ? ',' : undefined
    options.set(o.long, split === undefined ? [raw] : raw.split(split).filter(s => s.trim()))
  }
  return { options, command: cl.command }
}

/** The longest the stop sequence can take, by part. */
interface StopTime {
  drainMs: number
  hooksMs: number
  stopCommandMs: number
  /** No --grace: graceful-init waits for the child for ever (or derives it from --budget). */
  graceMs: number | undefined
  budgetMs: number | undefined
}

/** Conservative: the hooks' time is added to the drain's, though they run inside it. */
export function stopTime(cl: InitCommandLine): StopTime {
  const one = (name: string) => cl.options.get(name)?.at(-1)
  const hookTimeoutMs = parseDuration(one('hook-timeout') ?? '10s')
  const grace = one('grace')
  const budget = one('budget')
  return {
    drainMs: parseDuration(one('drain') ?? '0'),
    hooksMs: (cl.options.get('pre-stop')?.length ?? 0) * hookTimeoutMs,
    stopCommandMs: one('stop-command') === undefined ? 0 : hookTimeoutMs,
    graceMs: grace === undefined ? undefined : parseDuration(grace),
    budgetMs: budget === undefined ? undefined : parseDuration(budget),
  }
}

export function totalMs(s: StopTime): number {
  return s.drainMs + s.hooksMs + s.stopCommandMs + (s.graceMs ?? Infinity)
}
