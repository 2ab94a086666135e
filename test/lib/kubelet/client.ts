// A Service client: a request every `intervalMs` through the load balancer, answered or not (users
// do not wait for each other), each with a deadline; anything but 200 is lost.
import { get } from 'node:http'
import { waitUntil } from '../wait.js'

export interface Result {
  /** When it was sent (performance.now()). */
  sentAt: number
  doneAt?: number
  status?: number
  /** The endpoint that served it (the load balancer's x-served-by). */
  servedBy?: string
  error?: string
}

interface Client {
  results: Result[]
  /** Resolves once `count` requests served by `endpoint` have answered 200 (a warm-up). */
  waitServed(endpoint: string, count: number, timeoutMs: number): Promise<void>
  /** Stops sending; resolves once every request has answered or timed out. */
  stop(): Promise<Result[]>
}

export const lost = (results: Result[]): Result[] => results.filter(r => r.status !== 200)

export function startClient(port: number, opts: { intervalMs: number; maxRequests: number; timeoutMs: number }): Client {
  const results: Result[] = []
  const pending = new Set<Promise<void>>()

  const send = () => {
    if (results.length >= opts.maxRequests) return clearInterval(ticker)
    const result: Result = { sentAt: performance.now() }
    results.push(result)
    const done = new Promise<void>(resolve => {
      const finish = (fields: Partial<Result>) => {
        if (result.doneAt !== undefined) return
        Object.assign(result, fields, { doneAt: performance.now() })
        pending.delete(done)
        resolve()
      }
      const req = get({ host: '127.0.0.1', port, path: `/r${results.length}`, agent: false, timeout: opts.timeoutMs }, res => {
        const servedBy = res.headers['x-served-by'] as string | undefined
        res.resume()
        res.on('end', () => finish({ status: res.statusCode, servedBy }))
        res.on('error', err => finish({ error: err.message, servedBy }))
      })
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', err => finish({ error: (err as NodeJS.ErrnoException).code ?? err.message }))
    })
    pending.add(done)
  }
  const ticker = setInterval(send, opts.intervalMs)
  send()

  return {
    results,
    async waitServed(endpoint, count, timeoutMs) {
      const served = () => results.filter(r => r.servedBy === endpoint && r.status === 200).length >= count
      await waitUntil(`${count} requests served by ${endpoint}`, served, timeoutMs).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(results.slice(-5))}`)
      })
    },
    async stop() {
      clearInterval(ticker)
      await Promise.all([...pending])
      return results
    },
  }
}
