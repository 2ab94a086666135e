// The init's stderr as pino JSON log lines.

/** One pino line: `{"level":30,"time":...,"msg":"forward",...}`. */
export interface LogLine {
  level: number
  time: number
  msg: string
  [key: string]: unknown
}

/** Splits stderr into parsed JSON lines and the rest (a child's own stderr, or garbage). */
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

/** The log lines with this msg. */
export function withMsg(logs: LogLine[], msg: string): LogLine[] {
  return logs.filter(l => l.msg === msg)
}

/** pino's numeric levels. */
export const LEVEL = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const
