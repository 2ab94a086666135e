// C fixtures (test/fixtures/NAME.c) where a Python fork is too slow (~5 ms on a loaded 2-core
// machine): built by gcc on first use, static when libc.a exists (for roots without libc), cached.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { fixture, repoRoot } from './paths.js'

const CACHE = join(repoRoot, 'node_modules', '.cache', 'graceful-init-fixtures')
const STATIC = ['/usr/lib/x86_64-linux-gnu/libc.a', '/usr/lib/aarch64-linux-gnu/libc.a', '/usr/lib/libc.a'].some(existsSync)

/** The path of test/fixtures/NAME.c, built; throws with gcc's message if it does not build. */
export function cFixture(name: string): string {
  const source = fixture(`${name}.c`)
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12)
  const binary = join(CACHE, `${name}-${hash}`)
  if (existsSync(binary)) return binary
  mkdirSync(CACHE, { recursive: true })
  // Built under a name of its own, then renamed: test files running side by side may race here.
  const partial = `${binary}.${process.pid}`
  execFileSync('gcc', ['-O2', ...(STATIC ? ['-static'] : []), '-o', partial, source], { stdio: ['ignore', 'ignore', 'pipe'] })
  renameSync(partial, binary)
  return binary
}
