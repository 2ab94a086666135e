// Whether signals reach the child at once while the stop sequence may run, and the wait for the
// sequence to begin.
import type { Test } from 'tap'
import type { InitProcess } from '../init-process.js'
import { signalAt, waitGot } from './served.js'

/** A signal counts as forwarded "at once" if it reaches the child within this (drains are 2 s). */
const PROMPT_MS = 1000

/** Signals the init and checks the child prints it within PROMPT_MS; returns the delay. */
export async function forwardedAtOnce(t: Test, init: InitProcess, signal: NodeJS.Signals, name = 'child'): Promise<number> {
  const from = init.stdout.text.length
  const sent = await signalAt(init, signal)
  const got = await waitGot(init, name, signal, from)
  t.ok(got - sent < PROMPT_MS, `${signal} reached the child at once (${got - sent} ms)`)
  return got - sent
}

/** Waits until the init has logged the start of the stop sequence (needs -v). */
export function stopBegun(init: InitProcess): Promise<unknown> {
  return init.stderr.waitFor(/"msg":"stop: begin"/)
}
