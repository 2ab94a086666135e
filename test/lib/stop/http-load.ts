// A bounded HTTP load on 127.0.0.1: a request on a new connection every few ms until told to
// stop, each request's start, end and outcome recorded.
import { request } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import type { Reply } from '../probes/net.js'

export interface Outcome extends Reply {
  start: number
  end: number
}

/** GET http://127.0.0.1:port/path on a fresh connection (body as UTF-8); never rejects. */
export function get(port: number, path: string, timeoutMs = 10_000): Promise<Outcome> {
  const start = Date.now()
  return new Promise(resolve => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ start, end: Date.now(), status: res.statusCode ?? 0, body }))
      res.on('error', err => resolve({ start, end: Date.now(), error: err.message }))
      res.on('close', () => res.complete || resolve({ start, end: Date.now(), error: 'aborted' }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', err => resolve({ start, end: Date.now(), error: (err as NodeJS.ErrnoException).code ?? err.message }))
    req.end()
  })
}

/** Polls GET path (each try bounded by `tryMs`, one every `everyMs`) until 200; throws after timeoutMs. */
export async function waitHttp(port: number, path: string, timeoutMs: number, { tryMs = 1000, everyMs = 20 } = {}): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const o = await get(port, path, tryMs)
    if (o.status === 200) return o
    if (Date.now() > deadline) throw new Error(`127.0.0.1:${port}${path} did not answer 200 within ${timeoutMs} ms (last: ${o.error ?? o.status})`)
    await delay(everyMs)
  }
}

interface Load {
  /** The first request's outcome, whatever it is. */
  firstDone: Promise<Outcome>
  /** Issue no request at or after this time (ms since the epoch). */
  stopAt(ms: number): void
  /** How many requests started at or after `ms`, and how many of those have not ended yet. */
  startedSince(ms: number): number
  pendingSince(ms: number): number
  /** Every outcome, once requests have stopped and all have ended. */
  results: Promise<Outcome[]>
}

/** Starts a request every `intervalMs` (at most `max`, for at most `maxMs`). */
export function startLoad(port: number, path: string, intervalMs: number, max = 200, maxMs = 15_000): Load {
  let stopTime = Date.now() + maxMs
  let markFirst!: (o: Outcome) => void
  const firstDone = new Promise<Outcome>(resolve => (markFirst = resolve))
  const unanswered = new Set<number>()
  const starts: number[] = []
  const results = (async () => {
    const pending: Promise<Outcome>[] = []
    while (pending.length < max && Date.now() < stopTime) {
      const start = Date.now()
      const p = get(port, path)
      unanswered.add(start)
      starts.push(start)
      void p.then(o => {
        unanswered.delete(start)
        markFirst(o)
      })
      pending.push(p)
      await delay(intervalMs)
    }
    return Promise.all(pending)
  })()
  return {
    firstDone,
    stopAt: ms => (stopTime = Math.min(stopTime, ms)),
    startedSince: ms => starts.filter(start => start >= ms).length,
    pendingSince: ms => [...unanswered].filter(start => start >= ms).length,
    results,
  }
}

/** `12× 200, 1× ECONNRESET`: how the requests ended, for a failure message. */
export function summary(outcomes: readonly Outcome[]): string {
  const counts = new Map<string, number>()
  for (const key of outcomes.map(o => String(o.status ?? o.error))) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].map(([k, n]) => `${n}× ${k}`).join(', ')
}
