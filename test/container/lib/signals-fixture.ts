// Drives fixtures/signals.mjs: its command line, and the signal lines it prints.
import type { Container } from './container.js'
import { fixture, node } from './suite.js'

export interface SignalsFixtureOptions {
  /** Signals the fixture exits on; 'none' ignores all (default TERM, QUIT, INT). */
  exitOn?: string[] | 'none'
  /** Exit code after such a signal (default 0). */
  code?: number
  /** Start a worker in the child's process group. */
  worker?: boolean
}

/** One signal the fixture received. `at` is Date.now() inside the container (same clock). */
export interface SignalLine {
  role: 'child' | 'worker'
  pid: number
  signal: string
  at: number
}

/** The command that runs the fixture inside the container. */
export function signalsCommand(o: SignalsFixtureOptions = {}): string[] {
  return [
    node,
    fixture('signals.mjs'),
    ...(o.exitOn ? ['--exit-on', o.exitOn === 'none' ? 'none' : o.exitOn.join(',')] : []),
    ...(o.code !== undefined ? ['--code', String(o.code)] : []),
    ...(o.worker ? ['--worker'] : []),
  ]
}

/** Every signal line printed so far, in order. */
export function signalLines(c: Container, role?: SignalLine['role']): SignalLine[] {
  return c.stdout
    .json()
    .filter((o): o is Record<string, unknown> & SignalLine => typeof o.signal === 'string')
    .filter(o => role === undefined || o.role === role)
}

/** Waits until `role` has printed that it got `signal`, and returns that line. */
export async function waitForSignal(
  c: Container,
  role: SignalLine['role'],
  signal: string,
  timeoutMs = 10_000,
): Promise<SignalLine> {
  const pattern = new RegExp(`"role":"${role}".*"signal":"${signal}"`)
  return JSON.parse(await c.stdout.waitFor(pattern, timeoutMs)) as SignalLine
}

/** The worker's pid, as the child reported it before "ready". */
export function workerPid(c: Container): number {
  const line = c.stdout.json().find(o => typeof o.worker === 'number')
  if (!line) throw new Error(`the fixture reported no worker:\n${c.stdout.text}`)
  return line.worker as number
}
