// Where things are: the repo, the built init, the fixtures and the interpreters they need.
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, resolved (containers bind it at this path): the first folder above this
 * file with a package.json, whether it runs as test/lib/paths.ts or compiled in dist/tests/. */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return realpathSync(dir)
})()

export const initBin = join(repoRoot, 'bin', 'graceful-init.js')

/** Node, as an absolute path, so PATH lookups inside a namespace cannot pick another one. */
export const node = realpathSync(process.execPath)

/** Debian's python3 starts in ~10 ms; a pyenv shim is a bash script that takes far longer. */
export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

export function fixture(name: string): string {
  return join(repoRoot, 'test', 'fixtures', name)
}
