// The init's stop-sequence log lines (`{"msg":"stop: ...","elapsedMs":N}`), read back as a timeline.
import { parseLog, type LogLine } from '../log-lines.js'

/** Every log line of the init, parsed (lines that are not JSON are left out). */
export function logsOf(stderr: string): LogLine[] {
  return parseLog(stderr).logs
}

/** The `stop: ...` lines, in order. */
export function stopSteps(stderr: string): LogLine[] {
  return logsOf(stderr).filter(l => l.msg.startsWith('stop: '))
}

/** The first line with this msg, or undefined. */
export function firstLog(stderr: string, msg: string): LogLine | undefined {
  return logsOf(stderr).find(l => l.msg === msg)
}

/** A compact timeline for failure diagnostics: "+elapsedMs msg". */
export function timeline(stderr: string): string {
  return stopSteps(stderr)
    .map(l => `+${String(l.elapsedMs)} ${l.msg}`)
    .join('\n')
}
