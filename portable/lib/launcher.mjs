// bin/graceful-init: the static launcher (portable/launcher.c) compiled for the target.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.mjs'

export function installLauncher(target, binDir) {
  mkdirSync(binDir, { recursive: true })
  run([...target.cc, '-Wall', '-Werror', '-o', join(binDir, 'graceful-init'), 'portable/launcher.c'])
}
