// Loopback helpers: free ports, plain HTTP requests with a deadline, and which TCP ports a
// process listens on (from /proc, so "nothing listens" is checked, not guessed from one port).
import { readdirSync, readlinkSync } from 'node:fs'
import type { Server as HttpServer } from 'node:http'
import { connect, createServer, type Server } from 'node:net'
import type { Teardown } from '../init-process.js'
import { readProc } from '../processes.js'

/** Listens on 127.0.0.1:port (0: the kernel picks one); returns the port. */
async function listen(server: Server | HttpServer, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return (server.address() as { port: number }).port
}

/** A port nothing listens on right now (free again once returned). */
export async function freePort(): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Serves on a free port of 127.0.0.1, closed with its connections at teardown. */
export function serveLocal(t: Teardown, server: HttpServer): Promise<number> {
  t.teardown(() => {
    server.closeAllConnections()
    server.close()
  })
  return listen(server)
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

/** A TCP listener on 127.0.0.1:port that accepts and closes. */
export async function listenOn(port: number): Promise<Server> {
  const server = createServer(socket => socket.end())
  await listen(server, port)
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
  const links = readdirSync(`/proc/${pid}/fd`).map(fd => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`)
    } catch {
      return '' // closed meanwhile
    }
  })
  return listeningPortsIn(readProc(pid, 'net/tcp') + '\n' + readProc(pid, 'net/tcp6'), links.join('\n'))
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
