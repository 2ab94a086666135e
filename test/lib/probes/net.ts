// Loopback helpers: free ports, plain HTTP requests with a deadline, and which TCP ports a
// process listens on (from /proc, so "nothing listens" is checked, not guessed from one port).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import type { Server as HttpServer } from 'node:http'
import { connect, createServer, type Server } from 'node:net'
import type { Teardown } from '../init-process.js'

/** A port nothing listens on right now (the kernel picks it; free again once returned). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Serves on a free port of 127.0.0.1, closed with its connections at teardown. */
export async function serveLocal(t: Teardown, server: HttpServer): Promise<number> {
  t.teardown(() => {
    server.closeAllConnections()
    server.close()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return (server.address() as { port: number }).port
}

/** True if a TCP connection to 127.0.0.1:port is accepted. */
export function accepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Starts a TCP listener on 127.0.0.1:port that accepts and closes; returns it for closing. */
export async function listenOn(port: number): Promise<Server> {
  const server = createServer(socket => socket.end())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return server
}

/** What one request got: the status code, or the error (ECONNREFUSED, timeout, ...). */
export interface Reply {
  status?: number
  body?: string
  error?: string
}

/** Sends raw bytes to 127.0.0.1:port, reads until close. Never rejects: a refusal or timeout is `error`. */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 3000): Promise<Reply> {
  return new Promise(resolve => {
    let text = ''
    let settled = false
    const done = (reply: Reply) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(reply)
    }
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(request))
    const timer = setTimeout(() => done({ error: 'timeout', body: text }), timeoutMs)
    socket.on('data', chunk => (text += chunk.toString('latin1')))
    socket.on('error', err => done({ error: (err as NodeJS.ErrnoException).code ?? err.message }))
    const parse = () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      done(m ? { status: Number(m[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) } : { error: 'no status line', body: text })
    }
    socket.on('end', parse)
    socket.on('close', parse)
  })
}

/** `METHOD PATH` over HTTP/1.1 with Connection: close. */
export function httpRequest(port: number, path: string, method = 'GET', timeoutMs = 3000): Promise<Reply> {
  return rawRequest(port, `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, timeoutMs)
}

/** The TCP ports (v4 and v6) on which process `pid` holds a listening socket. */
export function listeningPorts(pid: number): number[] {
  const links: string[] = []
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      links.push(readlinkSync(`/proc/${pid}/fd/${fd}`))
    } catch {
      // closed meanwhile
    }
  }
  const tables = ['tcp', 'tcp6'].map(table => {
    try {
      return readFileSync(`/proc/${pid}/net/${table}`, 'utf8')
    } catch {
      return ''
    }
  })
  return listeningPortsIn(tables.join('\n'), links.join('\n'))
}

/** Listening ports in /proc/net/tcp{,6} text whose sockets `fdLinks` names (`socket:[INODE]`,
 * from readlink or `ls -l /proc/PID/fd`, so also a container's view). */
export function listeningPortsIn(tcpTables: string, fdLinks: string): number[] {
  const inodes = new Set([...fdLinks.matchAll(/socket:\[(\d+)\]/g)].map(m => m[1]))
  const ports: number[] = []
  // proc(5): sl local_address rem_address st ... inode; st 0A is LISTEN.
  for (const line of tcpTables.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f[3] === '0A' && inodes.has(f[9] ?? '')) ports.push(parseInt(f[1]!.split(':')[1]!, 16))
  }
  return ports
}
