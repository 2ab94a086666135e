// bin/graceful-init: the static launcher (portable/launcher.c) compiled for the target.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.mjs'
import { NODE_FLAGS } from './targets.mjs'

export function installLauncher(target, binDir) {
  mkdirSync(binDir, { recursive: true })
  const flags = NODE_FLAGS.map(f => JSON.stringify(f)).join(', ')
  run([...target.cc, '-Wall', '-Werror', `-DNODE_FLAGS=${flags}`, '-o', join(binDir, 'graceful-init'), 'portable/launcher.c'])
}
