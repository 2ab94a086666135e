// bin/graceful-init: the static launcher (src/portable/launcher.c) compiled for the target.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.js'
import { NODE_FLAGS, type Target } from './targets.js'

export function installLauncher(target: Target, binDir: string): void {
  mkdirSync(binDir, { recursive: true })
  const flags = NODE_FLAGS.map(f => JSON.stringify(f)).join(', ')
  // Relative to the repository's root, which build.ts makes the working directory.
  run([...target.cc, '-Wall', '-Werror', `-DNODE_FLAGS=${flags}`, '-o', join(binDir, 'graceful-init'), 'src/portable/launcher.c'])
}
