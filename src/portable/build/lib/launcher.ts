// bin/graceful-init: the static launcher (src/portable/launcher.c) compiled for the target, and
// lib/graceful-init-preload.so (src/portable/preload.c), which it has the loader preload.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { koffiAddon } from './app-bundle.js'
import { run } from './run.js'
import { NODE_FLAGS, type Target } from './targets.js'

export function installLauncher(target: Target, binDir: string, libDir: string): void {
  mkdirSync(binDir, { recursive: true })
  const flags = NODE_FLAGS.map(f => JSON.stringify(f)).join(', ')
  // Relative to the repository's root, which build.ts makes the working directory.
  run([...target.cc, '-Wall', '-Werror', `-DNODE_FLAGS=${flags}`, '-o', join(binDir, 'graceful-init'), 'src/portable/launcher.c'])
  const addon = `-DKOFFI_ADDON=${JSON.stringify(koffiAddon(target))}`
  run([...target.sharedCc, '-Wall', '-Werror', addon, '-o', join(libDir, 'graceful-init-preload.so'), 'src/portable/preload.c'])
}
