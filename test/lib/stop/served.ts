// The served.cjs fixture as argv (alone or with a worker in its group), the init running a family
// of two, and which signal each printed when (from the init's output or a container's).
import type { Test } from 'tap'
import { startInit, type InitProcess } from '../init-process.js'
import { modeArgs, type Mode } from '../modes.js'
import type { Output } from '../output.js'
import { fixture, node, python } from '../paths.js'
import { findTagged } from '../processes.js'
import { shellJoin } from '../shell.js'
import { HANG_GUARD_MS } from '../wait.js'

/** `served.cjs NAME ...`: prints "NAME ready PID", then "NAME got SIGxxx MS" per signal. */
export function served(name: string, ...options: string[]): string[] {
  return [node, fixture('stop/served.cjs'), name, ...options]
}

/** `--exit-on SIG:CODE` for each of `signals`: a server's stop signals. */
export function exitOn(code: number, signals = ['SIGTERM', 'SIGQUIT', 'SIGINT']): string[] {
  return signals.flatMap(s => ['--exit-on', `${s}:${code}`])
}

/** `sh -c 'WORKER & exec CHILD'`: two commands in one process group, the second the init's child. */
export function inGroup(worker: string[], child: string[]): string[] {
  return ['/bin/sh', '-c', `${shellJoin(worker)} & exec ${shellJoin(child)}`]
}

/** served.cjs `child` with served.cjs `worker` in its process group, both given `options`. */
export function servedFamily(options: string[] = [], [worker, child] = ['worker', 'child']): string[] {
  return inGroup(served(worker!, ...options), served(child!, ...options))
}

/** `orphan-stream.py`: orphans the init must reap, made continuously until SIGTERM (then exit 0). */
export function orphanStream(perBatch = 5): string[] {
  return [python, fixture('stop/orphan-stream.py'), String(perBatch)]
}

/** Each signal `name` printed, with when it arrived (ms since the epoch). */
export function gotSignals(stdout: string, name: string): { signal: string; at: number }[] {
  return [...stdout.matchAll(new RegExp(`^${name} got (SIG\\w+) (\\d+)$`, 'gm'))].map(m => ({ signal: m[1]!, at: Number(m[2]) }))
}

/** Waits until `name` prints `signal` (after stdout offset `from`); returns when. A failure shows
 * the init's stderr: what it did with the signal. */
export async function waitGot(init: { stdout: Output; stderr?: Output }, name: string, signal: string, from = 0, timeoutMs = HANG_GUARD_MS): Promise<number> {
  const m = await init.stdout.waitFor(new RegExp(`^${name} got ${signal} (\\d+)$`, 'm'), timeoutMs, from).catch((error: Error) => {
    throw init.stderr ? new Error(`${error.message}\ninit stderr:\n${init.stderr.text.slice(-3000)}`) : error
  })
  return Number(m[1])
}

/** Waits for "NAME ready PID"; returns the pid (as seen inside the init's PID namespace). */
export async function waitReady(init: { stdout: Output }, name: string, timeoutMs = HANG_GUARD_MS): Promise<number> {
  const m = await init.stdout.waitFor(new RegExp(`^${name} ready (\\d+)$`, 'm'), timeoutMs)
  return Number(m[1])
}

export function exitingAt(stdout: string, name: string): number | undefined {
  const m = new RegExp(`^${name} exiting -?\\d+ (\\d+)$`, 'm').exec(stdout)
  return m ? Number(m[1]) : undefined
}

/** Signals the init; returns Date.now() from just before. */
export async function signalAt(init: InitProcess, signal: NodeJS.Signals): Promise<number> {
  const pid = await init.pid()
  const at = Date.now()
  process.kill(pid, signal)
  return at
}

/** The init running `sh -c 'grand & exec main'`: two served.cjs in one process group. */
export async function startFamily(t: Test, mode: Mode, options: string[] = [], exits = ['SIGTERM:0']): Promise<InitProcess> {
  const family = servedFamily(exits.flatMap(e => ['--exit-on', e]), ['grand', 'main'])
  const init = startInit(t, { pid1: mode.pid1, args: [...options, ...modeArgs(mode), ...family] })
  await waitReady(init, 'main')
  await waitReady(init, 'grand')
  return init
}

/** The init as PID 1 with `args`, running served.cjs `child` (`--exit-on` each of `exits`), once it is ready. */
export async function startPid1Child(t: Test, args: string[], exits: string[] = [], env?: Record<string, string>): Promise<InitProcess> {
  const init = startInit(t, { pid1: true, env, args: [...args, ...served('child', ...exits.flatMap(e => ['--exit-on', e]))] })
  await waitReady(init, 'child')
  return init
}

/** Sends a signal to the init and waits until `who` prints it. */
export async function deliver(init: InitProcess, signal: string, who: string[]): Promise<void> {
  const from = init.stdout.text.length
  await init.kill(signal as NodeJS.Signals)
  for (const name of who) await waitGot(init, name, signal, from)
}

/** The host process of served.cjs `name`. */
export function printerProcess(init: InitProcess, name: string) {
  const [st] = findTagged(init.tag, argv => argv.includes(name) && argv.some(a => a.endsWith('served.cjs')))
  if (!st) throw new Error(`no process for printer ${name}`)
  return st
}
