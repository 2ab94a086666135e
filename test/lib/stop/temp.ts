// A temporary directory per test (its real path), removed at its end.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Teardown } from '../init-process.js'

export function tempDir(t: Teardown, prefix = 'gi-stop-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
