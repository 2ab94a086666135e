// Waiting for a condition with a deadline: polling, never a bare sleep used as synchronisation.
import { setTimeout as delay } from 'node:timers/promises'

/**
 * How long a wait that follows an event (a line, an exit) gives it before failing: it passes the
 * moment the event comes, so this only tells a hang from a slow start. On a loaded 2-core machine
 * one container start has taken over 10 s.
 */
export const HANG_GUARD_MS = 20_000

/**
 * Calls `probe` every `intervalMs` until it returns something other than undefined/false,
 * and returns that; throws `what` once `timeoutMs` has passed.
 */
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
