// app/graceful-init-start.cache: V8's code cache of the start bundle, made by running the built
// directory once, as a container would, so that V8 records the functions the start path compiles
// (src/portable/boot.ts). Made on the build machine's own architecture only: another one's Node
// would have to run under an emulator. Without the file the boot compiles as usual.
// The cache's bytes vary a little from build to build (V8 records what it compiled, and when),
// so two builds' tarballs differ in this one file.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CODE_CACHE_FILE, CODE_CACHE_VARIABLE } from '../../code-cache.js'
import { run } from './run.js'
import type { Arch } from './targets.js'

/** Writes app/graceful-init-start.cache in `dir` if this machine runs `arch`; returns whether it did. */
export function writeCodeCache(arch: Arch, dir: string): boolean {
  if (arch !== process.arch) return false
  // A child that outlives the boot's next turn, when it writes the cache; the init then exits 0.
  run([join(dir, 'bin/graceful-init'), 'sleep', '1'], { env: { ...process.env, [CODE_CACHE_VARIABLE]: 'write' } })
  const cache = join(dir, 'app', CODE_CACHE_FILE)
  if (!existsSync(cache)) throw new Error(`${cache}: not written`)
  return true
}
