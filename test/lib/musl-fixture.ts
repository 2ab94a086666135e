// Programs and libraries of an alpine-shaped image: C fixtures (test/portable/fixtures/NAME.c)
// built dynamically against Debian's musl (musl-gcc), so they need /lib/ld-musl-x86_64.so.1.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { repoRoot } from './paths.js'

function source(name: string): string {
  return join(repoRoot, 'test/portable/fixtures', `${name}.c`)
}

export function addMuslProgram(root: string, name: string, path: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  execFileSync('musl-gcc', ['-O2', '-o', join(root, path), source(name)], { stdio: ['ignore', 'ignore', 'pipe'] })
}

export function addMuslLibrary(root: string, name: string, path: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  execFileSync('musl-gcc', ['-O2', '-shared', '-fPIC', '-o', join(root, path), source(name)], { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** Puts musl's libc at `path` inside `root` under a glibc name (e.g. /app/lib/libc.so.6). */
export function addMuslLibcAs(root: string, path: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  copyFileSync('/usr/lib/x86_64-linux-musl/libc.so', join(root, path))
}
