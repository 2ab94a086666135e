// app/init.cjs.cache: V8's code cache for the bundle, made by running the init once (with `true`
// as its child) through the built directory's own loader, Node and flags, as at run time. For
// arm64 this runs under qemu-user-static (binfmt_misc).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.mjs'
import { NODE_FLAGS } from './targets.mjs'

export function makeCodeCache(out) {
  const env = { PATH: '/usr/bin:/bin', GRACEFUL_INIT_PORTABLE_MAKE_CACHE: '1' }
  run([join(out, 'lib/graceful-init'), join(out, 'lib/node'), ...NODE_FLAGS, join(out, 'app/graceful-init.cjs'), '--', 'true'], { env })
  if (!existsSync(join(out, 'app/init.cjs.cache'))) throw new Error(`${out}: no code cache was written`)
}
