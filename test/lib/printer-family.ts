// The init running two signal printers in one process group (`sh -c 'grand & exec main'`), and
// signals sent to the init and read back from what the printers say.
import type { Test } from 'tap'
import { startInit, type InitProcess } from './init-process.js'
import { modeArgs, type Mode } from './modes.js'
import { printer } from './paths.js'
import { findTagged } from './processes.js'
import { shellJoin } from './shell.js'

/** The init running `sh -c 'grand & exec main'`: two printers in one process group. */
export async function startFamily(t: Test, mode: Mode, options: string[] = [], exitOn = ['SIGTERM:0']): Promise<InitProcess> {
  const flags = exitOn.flatMap(e => ['--exit-on', e])
  const script = `${shellJoin(printer('grand', ...flags))} & exec ${shellJoin(printer('main', ...flags))}`
  const init = startInit(t, { pid1: mode.pid1, args: [...options, ...modeArgs(mode), 'sh', '-c', script] })
  await init.stdout.waitFor(/^main ready/m)
  await init.stdout.waitFor(/^grand ready/m)
  return init
}

/** Sends a signal to the init and waits until `who` prints it. */
export async function deliver(init: InitProcess, signal: string, who: string[]): Promise<void> {
  const from = init.stdout.text.length
  await init.kill(signal as NodeJS.Signals)
  for (const name of who) await init.stdout.waitFor(new RegExp(`^${name} got ${signal}$`, 'm'), 20_000, from)
}

/** The printer `name`'s host process. */
export function printerProcess(init: InitProcess, name: string) {
  const [st] = findTagged(init.tag, argv => argv.includes(name) && argv.some(a => a.endsWith('signal-printer.cjs')))
  if (!st) throw new Error(`no process for printer ${name}`)
  return st
}
