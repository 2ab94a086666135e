// Collects a stream's output as lines and lets a test wait for a line that matches,
// so tests wait on what a container says ("ready") and never on a bare sleep.
import type { Readable } from 'node:stream'

interface Waiter {
  pattern: RegExp
  resolve: (line: string) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/** Every line a stream has written so far, with a wait for the first one that matches. */
export class Lines {
  readonly lines: string[] = []
  #partial = ''
  #ended = false
  #waiters = new Set<Waiter>()
  #resolveEnded: () => void = () => undefined
  /** Resolves at the stream's end (EOF or error). */
  readonly ended = new Promise<void>(resolve => (this.#resolveEnded = resolve))

  constructor(readonly name: string, private readonly stream: Readable) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => this.#push(chunk))
    stream.on('end', () => this.#end())
    stream.on('error', () => this.#end())
  }

  /** The whole output so far, for failure messages. */
  get text(): string {
    return this.lines.join('\n') + this.#partial
  }

  /** Resolves with the first line (already seen or still to come) that matches. */
  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const seen = this.lines.find(l => pattern.test(l))
    if (seen !== undefined) return Promise.resolve(seen)
    if (this.#ended) return Promise.reject(this.#missing(pattern, 'the stream ended'))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pattern,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter)
          reject(this.#missing(pattern, `${timeoutMs} ms passed`))
        }, timeoutMs),
      }
      this.#waiters.add(waiter)
    })
  }

  /** Stops reading: the writer's pipe fills up and its writes block (a slow log reader). */
  pause(): void {
    this.stream.pause()
  }

  resume(): void {
    this.stream.resume()
  }

  /** Lines parsed as JSON objects (pino log lines); other lines are skipped. */
  json(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = []
    for (const line of this.lines) {
      if (!line.startsWith('{')) continue
      try {
        out.push(JSON.parse(line) as Record<string, unknown>)
      } catch {
        // Not a log line (a fixture's partial output): skip it.
      }
    }
    return out
  }

  #push(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n')
    this.#partial = parts.pop() ?? ''
    for (const line of parts) this.#add(line)
  }

  #add(line: string): void {
    this.lines.push(line)
    for (const w of this.#waiters) {
      if (!w.pattern.test(line)) continue
      clearTimeout(w.timer)
      this.#waiters.delete(w)
      w.resolve(line)
    }
  }

  #end(): void {
    if (this.#ended) return
    if (this.#partial) this.#add(this.#partial)
    this.#partial = ''
    this.#ended = true
    this.#resolveEnded()
    for (const w of this.#waiters) {
      clearTimeout(w.timer)
      w.reject(this.#missing(w.pattern, 'the stream ended'))
    }
    this.#waiters.clear()
  }

  #missing(pattern: RegExp, why: string): Error {
    return new Error(`no line matching ${pattern} on ${this.name} (${why}); got:\n${this.text}`)
  }
}

/** Whether some JSON log line has every one of these fields with these values. */
export function hasLog(lines: Lines, fields: Record<string, unknown>): boolean {
  return lines.json().some(line => Object.entries(fields).every(([k, v]) => line[k] === v))
}
