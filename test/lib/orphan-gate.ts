// fixtures/orphans.c behind a FIFO gate, as `sh -c 'orphans N FIFO && exec sleep 300'`: N orphans
// wait on the gate and all exit when it is written; `sleep 300` is the main child.
import { closeSync, openSync, constants as fsc, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Test } from 'tap'
import { cFixture } from './c-fixture.js'
import type { InitProcess, Teardown } from './init-process.js'
import { shellJoin } from './shell.js'
import { tempDir } from './stop/temp.js'

/** Names a fresh gate (the fixture makes the FIFO) in a directory removed after `t`. */
export function gateNamer(t: Teardown): () => string {
  const dir = tempDir(t, 'gi-reap-')
  let fifoCount = 0
  return () => join(dir, `gate-${process.pid}-${fifoCount++}`)
}

export function orphansScript(n: number, fifo: string): string {
  return `${shellJoin([cFixture('orphans'), String(n), fifo])} && exec sleep 300`
}

/** Ends the orphans' gate: they all exit at once. */
export function release(fifo: string): void {
  const fd = openSync(fifo, fsc.O_WRONLY | fsc.O_NONBLOCK)
  writeSync(fd, 'x')
  closeSync(fd)
}

/** Stops the `sleep 300` child with TERM: its status (143) must not be lost to the reaper. */
export async function stopSleep(t: Test, init: InitProcess): Promise<void> {
  await init.kill('SIGTERM')
  const r = await init.waitExit(15_000)
  t.equal(r.code, 143, 'the main child\'s exit status (SIGTERM: 143) is not lost')
}
