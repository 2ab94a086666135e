// Where things are: the repo, the init under test, the fixtures and the interpreters they need.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (two levels above this file). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The built binary under test. */
export const initBin = join(repoRoot, 'bin', 'graceful-init.js')

/** Node, as an absolute path, so PATH lookups inside a namespace cannot pick another one. */
export const node = process.execPath

/** Debian's python3 starts in ~10 ms; a pyenv shim is a bash script that takes far longer. */
export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

/**
 * The init command, before its own options. GI_TEST_INIT="dumb-init" (or "tini")
 * swaps it, to check the harness and the fixtures against a known init.
 */
export function initCommand(): string[] {
  const other = process.env.GI_TEST_INIT
  return other ? other.split(' ').filter(Boolean) : [node, initBin]
}

/** True when the suite runs against another init (some graceful-init-only cases are skipped). */
export const otherInit = Boolean(process.env.GI_TEST_INIT)

/** Absolute path of a fixture script in test/fixtures. */
export function fixture(name: string): string {
  return join(repoRoot, 'test', 'fixtures', name)
}

/** The signal printer as an argv: `printer('child', '--exit-on', 'SIGTERM:0')`. */
export function printer(name: string, ...args: string[]): string[] {
  return [node, fixture('signal-printer.cjs'), name, ...args]
}
