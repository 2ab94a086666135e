// graceful-init running a recipe with its flags (PID 1 by default), waits on its server and log,
// and the check that it stopped cleanly.
import type { Test } from 'tap'
import { startInit, type InitExit, type InitProcess } from '../init-process.js'
import { firstLog, fullTimeline, LEVEL, logsOf, type LogLine } from '../log-lines.js'
import { isRunning, runningTagged, type ProcStat } from '../processes.js'
import { accepts } from '../probes/net.js'
import { waitHttp, type Outcome } from '../stop/http-load.js'
import { waitUntil } from '../wait.js'

/** -v's info lines (what the READMEs show) are asked for by environment: the flags stay the example's. */
export function startExample(t: Test, args: string[], extra: { env?: Record<string, string>; cwd?: string; pid1?: boolean } = {}): InitProcess {
  return startInit(t, { pid1: extra.pid1 ?? true, args, env: { GRACEFUL_INIT_VERBOSE: '1', ...extra.env }, cwd: extra.cwd })
}

/** Polls until GET path answers 200 (the server is up); a failure shows what the inits logged. */
export async function waitServing(port: number, path: string, inits: InitProcess[], timeoutMs = 10_000): Promise<Outcome> {
  try {
    return await waitHttp(port, path, timeoutMs, { tryMs: 2000, everyMs: 50 })
  } catch (err) {
    const seen = inits.map(i => `stderr:\n${i.stderr.text.slice(-3000)}\nstdout:\n${i.stdout.text.slice(-1000)}`)
    throw new Error(`${(err as Error).message}\n${seen.join('\n')}`)
  }
}

export function waitRefusing(port: number, timeoutMs = 5000): Promise<true> {
  return waitUntil(`127.0.0.1:${port} to refuse connections`, async () => !(await accepts(port)), timeoutMs, 25)
}

export async function waitLog(init: InitProcess, msg: string, timeoutMs = 10_000): Promise<LogLine> {
  const quoted = `"msg":${JSON.stringify(msg)}`.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')
  await init.stderr.waitFor(new RegExp(quoted), timeoutMs)
  return firstLog(init.stderr.text, msg)!
}

/** Exit 0, the child exited by itself with 0, no SIGKILL, warning or error, no process left. */
export function assertCleanStop(t: Test, name: string, init: InitProcess, exit: InitExit, procs: ProcStat[]): void {
  const logs = logsOf(init.stderr.text)
  const detail = { timeline: fullTimeline(init.stderr.text) }
  t.equal(exit.code, 0, `${name}: the init exits 0`, detail)
  t.match(firstLog(init.stderr.text, 'child exited'), { code: 0 }, `${name}: the server exited by itself with 0`, detail)
  t.same(logs.filter(l => l.level >= LEVEL.warn).map(l => l.msg), [], `${name}: no warning (no SIGKILL, no failure)`, detail)
  t.match(logs.at(-1), { msg: 'exit', code: 0 }, `${name}: "exit" is the last log line`)
  t.same(procs.filter(isRunning).map(p => `${p.pid} ${p.comm}`), [], `${name}: none of its processes is left`)
  t.same(runningTagged(init.tag).map(p => `${p.pid} ${p.comm}`), [], `${name}: nothing it started is left`)
}
