// The Service's data path: an HTTP proxy on 127.0.0.1 routing each request on arrival, round robin
// over ready endpoints. A removed endpoint goes `lagMs` later (as removal takes to reach kube-proxy
// or an ingress); routed requests go on. A failed upstream is a 502, as from nginx: a lost request.
import { createServer, request } from 'node:http'
import type { Teardown } from '../init-process.js'
import { serveLocal } from '../probes/net.js'

interface Endpoint {
  name: string
  port: number
}

export interface LoadBalancer {
  port: number
  /** Stops routing new requests to `name` `lagMs` from now. */
  removeEndpointAfter(name: string, lagMs: number): void
  /** Routing decisions in order: which endpoint, when (performance.now()), and the outcome. */
  log: Array<{ endpoint: string; at: number; status?: number; error?: string }>
}

/** A healthy replica of the same Service (in this process): answers 200 at once. */
export async function startReplica(t: Teardown): Promise<Endpoint> {
  const server = createServer((_req, res) => res.end('ok from the other replica\n'))
  return { name: 'replica', port: await serveLocal(t, server) }
}

export async function startLoadBalancer(t: Teardown, endpoints: Endpoint[]): Promise<LoadBalancer> {
  const ready = [...endpoints]
  const log: LoadBalancer['log'] = []
  let next = 0
  const timers: NodeJS.Timeout[] = []

  const server = createServer((req, res) => {
    if (ready.length === 0) return void res.writeHead(503, { 'x-lb': 'no endpoints' }).end()
    const endpoint = ready[next++ % ready.length]!
    const entry: LoadBalancer['log'][number] = { endpoint: endpoint.name, at: performance.now() }
    log.push(entry)
    // A new upstream connection per request (agent: false): no keep-alive reuse race.
    const upstream = request({ host: '127.0.0.1', port: endpoint.port, path: req.url, method: req.method, agent: false }, up => {
      entry.status = up.statusCode
      res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-served-by': endpoint.name })
      up.pipe(res)
      up.on('error', () => res.destroy())
    })
    upstream.on('error', err => {
      entry.error = (err as NodeJS.ErrnoException).code ?? err.message
      if (!res.headersSent) res.writeHead(502, { 'x-served-by': endpoint.name, 'x-lb-error': entry.error }).end()
      else res.destroy()
    })
    req.pipe(upstream)
  })
  t.teardown(() => timers.forEach(clearTimeout))
  return {
    port: await serveLocal(t, server),
    removeEndpointAfter(name, lagMs) {
      timers.push(setTimeout(() => {
        const i = ready.findIndex(e => e.name === name)
        if (i >= 0) ready.splice(i, 1)
      }, lagMs))
    },
    log,
  }
}
