// What a graceful-init command line (from a Kubernetes container's command + args + env) asks
// of the stop timeout: drain, pre-stop hooks × hook timeout, stop command, grace. Written from
// docs/contract.md, apart from src/, so the manifests are checked against the documented rules.

/** `500ms`, `5s`, `2m`, `1m30s`, `1.5s`, `1h`, `0` → milliseconds; a bare number other than 0 is an error. */
export function parseDuration(text: string): number {
  const s = text.trim()
  if (s === '0') return 0
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) {
    throw new Error(`"${text}" is not a duration (expected 500ms, 5s, 2m, 1m30s or 0; a bare number is ambiguous)`)
  }
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  let ms = 0
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * (unitMs[m[2] ?? ''] ?? NaN)
  return Math.round(ms)
}

/** Options that take a value; every other option is a switch. Unknown options are errors. */
const VALUE_OPTIONS = new Map<string, string>([
  ['-r', 'rewrite'], ['--rewrite', 'rewrite'],
  ['--stop-signal', 'stop-signal'],
  ['--drain', 'drain'],
  ['--drain-until-file', 'drain-until-file'],
  ['--exit-file', 'exit-file'],
  ['--pre-stop', 'pre-stop'],
  ['--hook-timeout', 'hook-timeout'],
  ['--stop-command', 'stop-command'],
  ['--grace', 'grace'],
  ['--budget', 'budget'],
  ['--ready-file', 'ready-file'],
  ['-e', 'remap-exit'], ['--remap-exit', 'remap-exit'],
  ['-p', 'pdeath-signal'], ['--pdeath-signal', 'pdeath-signal'],
  ['--log-level', 'log-level'],
  ['--log-format', 'log-format'],
])
const SWITCHES = new Set([
  '-c', '--single-child', '-v', '--verbose', '-s', '--subreaper', '--no-subreaper', '-g',
  '--kill-process-group', '-V', '--version', '-h', '--help',
])

/** graceful-init's options (name → values in order) and the command it runs. */
export interface InitCommandLine {
  options: Map<string, string[]>
  command: string[]
}

/** Splits graceful-init's arguments (after the binary) into options and the command. */
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
    } else if (!SWITCHES.has(flag) && !/^-v+$/.test(flag)) {
      throw new Error(`unknown graceful-init option ${arg}`)
    }
  }
  return { options, command: args.slice(i) }
}

/** Adds GRACEFUL_INIT_* variables for the options the command line did not set (flag > env). */
export function withEnv(cl: InitCommandLine, env: Record<string, string>): InitCommandLine {
  const options = new Map(cl.options)
  for (const name of ['drain', 'grace', 'budget', 'hook-timeout', 'pre-stop', 'stop-command']) {
    const raw = env[`GRACEFUL_INIT_${name.toUpperCase().replaceAll('-', '_')}`]
    if (options.has(name) || raw === undefined || raw.trim() === '') continue
    options.set(name, name === 'pre-stop' ? raw.split(/\r?\n/).filter(s => s.trim()) : [raw])
  }
  return { options, command: cl.command }
}

/** The longest the stop sequence can take, by part (ms). */
export interface StopTime {
  drainMs: number
  hooksMs: number
  stopCommandMs: number
  /** undefined: no --grace, so graceful-init waits for the child for ever (or derives it from --budget). */
  graceMs: number | undefined
  budgetMs: number | undefined
}

/** Conservative: the hooks' time is added to the drain, though they run inside it. */
export function stopTime(cl: InitCommandLine): StopTime {
  const one = (name: string): string | undefined => cl.options.get(name)?.at(-1)
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

/** drain + hooks + stop command + grace, for messages and checks. */
export function totalMs(s: StopTime): number {
  return s.drainMs + s.hooksMs + s.stopCommandMs + (s.graceMs ?? Infinity)
}
