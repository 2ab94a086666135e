// The stamped.cjs fixture as argv, and what it printed: events on the host's monotonic clock.
// (Wait for its "NAME ready PID" line with stop/served.ts's waitReady.)
import type { InitProcess } from '../init-process.js'
import { fixture, node } from '../paths.js'

/** `stamped.cjs NAME ...` (see the fixture for the options). */
export function stamped(name: string, ...options: string[]): string[] {
  return [node, fixture('probes/stamped.cjs'), name, ...options]
}

/** Now on the fixture's clock (CLOCK_MONOTONIC, shared by every process), in ns. */
export const nowNs = (): bigint => process.hrtime.bigint()

export const ms = (ns: bigint): number => Number(ns) / 1e6

const stampLine = (name: string, event: string) => new RegExp(`^${name} ${event} (?:\\d+ )?(\\d+)$`, 'm')

/** Waits for `name`'s `event` ("got SIGTERM"...) after offset `from`; its stamp (ns) and end offset. */
export async function waitStamp(init: InitProcess, name: string, event: string, from = 0, timeoutMs = 10_000): Promise<{ ns: bigint; end: number }> {
  const m = await init.stdout.waitFor(stampLine(name, event), timeoutMs, from)
  return { ns: BigInt(m[1]!), end: m.index + m[0].length }
}

/** The stamp of the first `event` line of `name` in `stdout`, or undefined. */
export function stampOf(stdout: string, name: string, event: string): bigint | undefined {
  const m = stampLine(name, event).exec(stdout)
  return m ? BigInt(m[1]!) : undefined
}
