// The init's stderr as pino JSON log lines, and the stop sequence read back from them.

/** `{"level":30,"time":...,"msg":"forward",...}` */
export interface LogLine {
  level: number
  time: number
  msg: string
  [key: string]: unknown
}

/** Splits stderr into JSON log lines and the rest (a child's own stderr, or garbage). */
export function parseLog(stderr: string): { logs: LogLine[]; other: string[] } {
  const logs: LogLine[] = []
  const other: string[] = []
  for (const line of stderr.split('\n')) {
    if (line === '') continue
    try {
      const value: unknown = JSON.parse(line)
      if (value && typeof value === 'object' && 'msg' in value) {
        logs.push(value as LogLine)
        continue
      }
    } catch {
      // not JSON
    }
    other.push(line)
  }
  return { logs, other }
}

export function withMsg(logs: LogLine[], msg: string): LogLine[] {
  return logs.filter(l => l.msg === msg)
}

/** pino's numeric levels. */
export const LEVEL = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const

export function logsOf(stderr: string): LogLine[] {
  return parseLog(stderr).logs
}

/** Whether some log line has every one of these fields with these values. */
export function hasLog(stderr: string, fields: Record<string, unknown>): boolean {
  return logsOf(stderr).some(line => Object.entries(fields).every(([k, v]) => line[k] === v))
}

export function firstLog(stderr: string, msg: string): LogLine | undefined {
  return logsOf(stderr).find(l => l.msg === msg)
}

/** When the init logged receiving `signal` (-v), or NaN: forwarding is timed from here, not from
 * the sender's start (`crun kill` alone took over a second to start on a busy machine). */
export function receivedAt(stderr: string, signal: string): number {
  return logsOf(stderr).find(l => l.msg === 'received' && l.signal === signal)?.time ?? NaN
}

/** The stop sequence's `stop: ...` lines (`{"msg":"stop: ...","elapsedMs":N}`), in order. */
export function stopSteps(stderr: string): LogLine[] {
  return logsOf(stderr).filter(l => l.msg.startsWith('stop: '))
}

/** The stop steps as "+elapsedMs msg" lines, for failure diagnostics. */
export function timeline(stderr: string): string {
  return stopSteps(stderr).map(l => `+${String(l.elapsedMs)} ${l.msg}`).join('\n')
}

/** Every line as "time msg {other fields}", for diagnostics comparing the times of two inits. */
export function fullTimeline(stderr: string): string {
  return logsOf(stderr)
    .map(l => `${l.time} ${l.msg} ${JSON.stringify({ ...l, level: undefined, time: undefined, msg: undefined, name: undefined })}`)
    .join('\n')
}
