// The init running two served.cjs fixtures in one process group (`sh -c 'grand & exec main'`),
// and signals sent to the init and read back from what they print.
import type { Test } from 'tap'
import { startInit, type InitProcess } from './init-process.js'
import { modeArgs, type Mode } from './modes.js'
import { findTagged } from './processes.js'
import { servedFamily, waitGot, waitReady } from './stop/served.js'

/** The init running `sh -c 'grand & exec main'`: two served.cjs in one process group. */
export async function startFamily(t: Test, mode: Mode, options: string[] = [], exitOn = ['SIGTERM:0']): Promise<InitProcess> {
  const family = servedFamily(exitOn.flatMap(e => ['--exit-on', e]), ['grand', 'main'])
  const init = startInit(t, { pid1: mode.pid1, args: [...options, ...modeArgs(mode), ...family] })
  await waitReady(init, 'main')
  await waitReady(init, 'grand')
  return init
}

/** Sends a signal to the init and waits until `who` prints it. */
export async function deliver(init: InitProcess, signal: string, who: string[]): Promise<void> {
  const from = init.stdout.text.length
  await init.kill(signal as NodeJS.Signals)
  for (const name of who) await waitGot(init, name, signal, from, 20_000)
}

/** The host process of served.cjs `name`. */
export function printerProcess(init: InitProcess, name: string) {
  const [st] = findTagged(init.tag, argv => argv.includes(name) && argv.some(a => a.endsWith('served.cjs')))
  if (!st) throw new Error(`no process for printer ${name}`)
  return st
}
