// One output stream of a process under test: collected as text, with waits for a pattern.
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { HANG_GUARD_MS } from './wait.js'

/** Reading slowly keeps the pipe full, like a slow log shipper: not at first for `startPausedMs`
 * (or until `resume()` if `startPaused`), and for `perChunkDelayMs` after each chunk. */
export interface ReadPace {
  startPausedMs?: number
  startPaused?: boolean
  perChunkDelayMs?: number
}

export class Output {
  text = ''
  ended = false
  private waiters = new Set<() => void>()
  private decoder = new StringDecoder('utf8')
  private held = false

  constructor(
    readonly name: string,
    private readonly stream: Readable | null,
    pace: ReadPace = {},
  ) {
    if (!stream) {
      this.ended = true
      return
    }
    stream.on('data', (chunk: Buffer) => {
      this.text += this.decoder.write(chunk)
      this.wake()
      if (pace.perChunkDelayMs) {
        stream.pause()
        setTimeout(() => this.held || stream.resume(), pace.perChunkDelayMs)
      }
    })
    stream.on('end', () => {
      this.text += this.decoder.end()
      this.ended = true
      this.wake()
    })
    stream.on('error', () => {
      this.ended = true
      this.wake()
    })
    if (pace.startPaused) {
      this.held = true
      stream.pause()
    } else if (pace.startPausedMs) {
      stream.pause()
      setTimeout(() => stream.resume(), pace.startPausedMs)
    }
  }

  /** Stops reading: the writer's pipe fills up and its writes block. */
  pause(): void {
    this.held = true
    this.stream?.pause()
  }

  resume(): void {
    this.held = false
    this.stream?.resume()
  }

  /** The complete lines so far (a trailing partial line is left out until it ends). */
  lines(): string[] {
    const parts = this.text.split('\n')
    parts.pop()
    return parts
  }

  whenEnded(): Promise<void> {
    return new Promise(resolve => {
      const check = () => {
        if (!this.ended) return
        this.waiters.delete(check)
        resolve()
      }
      this.waiters.add(check)
      check()
    })
  }

  /** The first match from `fromIndex`; rejects, showing what was seen, at EOF or timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs = HANG_GUARD_MS, fromIndex = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = exec(pattern, this.text, fromIndex)
        if (m) return done(() => resolve(m))
        if (this.ended) return done(() => reject(this.failure(pattern, 'the stream ended')))
      }
      const timer = setTimeout(() => done(() => reject(this.failure(pattern, `${timeoutMs} ms passed`))), timeoutMs)
      const done = (settle: () => void) => {
        clearTimeout(timer)
        this.waiters.delete(check)
        settle()
      }
      this.waiters.add(check)
      check()
    })
  }

  /** Waits for `final` while each `progress` line restarts a `stallMs` clock (slow is not stuck). */
  async waitForProgressing(final: RegExp, progress: RegExp, stallMs: number): Promise<RegExpExecArray> {
    const either = new RegExp(`(?:${final.source})|(?:${progress.source})`, 'm')
    for (let from = 0; ; ) {
      const m = await this.waitFor(either, stallMs, from)
      const done = new RegExp(final.source, 'm').exec(m[0])
      if (done) return this.waitFor(final, stallMs, m.index)
      from = m.index + m[0].length
    }
  }

  private failure(pattern: RegExp, why: string): Error {
    const tail = this.text.length > 2000 ? '...' + this.text.slice(-2000) : this.text
    return new Error(`${this.name}: ${pattern} not seen (${why}); got:\n${tail}`)
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

function exec(pattern: RegExp, text: string, fromIndex: number): RegExpExecArray | null {
  const re = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g')
  re.lastIndex = fromIndex
  return re.exec(text)
}
