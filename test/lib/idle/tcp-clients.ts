// Loopback TCP clients for --drain-until-idle: one connection sending a byte every few ms until a
// time, then silent (a keep-alive); short connections that send a byte and close first.
import { connect, type Socket } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import type { Teardown } from '../init-process.js'

/** What a client did: when it last sent data (ms since the epoch), how many times, the longest gap. */
export interface Sent {
  lastAt: number
  count: number
  /** On a starved machine it can exceed what the test meant. */
  maxGapMs: number
}

function open(t: Teardown, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket))
    socket.on('error', reject)
    t.teardown(() => socket.destroy())
  })
}

/** Calls `send` every `everyMs` until `until()` (epoch ms). */
async function sendUntil(everyMs: number, until: () => number, send: () => unknown): Promise<Sent> {
  const sent = { lastAt: NaN, count: 0, maxGapMs: 0 }
  while (Date.now() < until()) {
    await send()
    const now = Date.now()
    if (sent.count++ > 0) sent.maxGapMs = Math.max(sent.maxGapMs, now - sent.lastAt)
    sent.lastAt = now
    await delay(everyMs)
  }
  return sent
}

export async function keepAlive(t: Teardown, host: string, port: number): Promise<void> {
  await open(t, host, port)
}

/** One connection that sends a byte every `everyMs`, then stays open. */
export async function streamUntil(t: Teardown, host: string, port: number, everyMs: number, until: () => number): Promise<Sent> {
  const socket = await open(t, host, port)
  return sendUntil(everyMs, until, () => socket.write('x'))
}

/** A new connection every `everyMs`: each sends a byte and closes first. */
export function shortUntil(t: Teardown, host: string, port: number, everyMs: number, until: () => number): Promise<Sent> {
  return sendUntil(everyMs, until, async () => (await open(t, host, port)).end('x'))
}
