// A small HTTP server that stops gracefully on SIGTERM: it stops accepting connections,
// finishes the requests in flight, closes idle keep-alive connections, then exits 0.
//   GET /healthz       200 "ok"
//   GET /work?ms=N     answers after N ms (at most 30000): a slow request
//   GET /              200 "hello"
// PORT (default 8080) and HOST (default 0.0.0.0) choose where it listens.
import { createServer } from 'node:http'

const port = Number(process.env.PORT ?? 8080)
const host = process.env.HOST ?? '0.0.0.0'
let stopping = false

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const send = (status, body) => {
    // Once stopping, no keep-alive: the client opens its next connection elsewhere.
    if (stopping) res.setHeader('connection', 'close')
    res.writeHead(status, { 'content-type': 'text/plain' })
    res.end(`${body}\n`)
  }
  if (url.pathname === '/healthz') return send(200, 'ok')
  if (url.pathname === '/work') {
    const ms = Math.min(Math.max(Number(url.searchParams.get('ms')) || 0, 0), 30_000)
    return void setTimeout(() => send(200, `worked ${ms} ms`), ms)
  }
  return send(200, 'hello')
})

server.listen(port, host, () => console.log(`listening on ${host}:${port}`))

process.on('SIGTERM', () => {
  if (stopping) return
  stopping = true
  console.log('SIGTERM: no new connections, finishing the requests in flight')
  // close() stops accepting and ends idle connections; its callback runs once the last
  // request in flight has been answered.
  server.close(() => {
    console.log('all requests answered, exiting')
    process.exit(0)
  })
  server.closeIdleConnections()
})
