// Waiting for a condition with a deadline: polling, never a bare sleep used as synchronisation.
import { setTimeout as delay } from 'node:timers/promises'

/** A wait on an event passes when it comes, so this only tells a hang from a slow start (a
 * container start took over 10 s on a loaded 2-core machine). */
export const HANG_GUARD_MS = 20_000

/** Polls `probe` every `intervalMs` until it returns other than undefined/false; throws `what` at timeoutMs. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await delay(intervalMs)
  }
}

/** Rejects with `what` if `promise` has not settled within timeoutMs. */
export async function withTimeout<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
