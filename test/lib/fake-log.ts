// A Log that records its lines, for unit tests of src/ modules that log.
import type { Log } from '../../src/log.js'

export interface Recorded {
  level: string
  msg: string
  fields: Record<string, unknown>
}

export function fakeLog(): Log & { lines: Recorded[] } {
  const lines: Recorded[] = []
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => void lines.push({ level, msg, fields })
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal') }
}
