// The portable build under test (dist/portable, from `npm run dist`) placed in a root: PID 1 of a
// new PID namespace, a plain process, PID 1 on a read-only root. Plus a Node for the fixtures.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { node, repoRoot } from './paths.js'
import { makeRootfs, PORTABLE_PATH } from './rootfs.js'

export type Arch = 'x64' | 'arm64'

/** dist/portable/graceful-init-linux-ARCH; throws (the test fails) when it was not built. */
export function portableDir(arch: Arch = 'x64'): string {
  const dir = join(repoRoot, 'dist/portable', `graceful-init-linux-${arch}`)
  if (!existsSync(join(dir, 'bin/graceful-init'))) {
    throw new Error(`${dir} is missing: run npm run dist (npm run build && node dist/portable/build/build.js ${arch})`)
  }
  return dir
}

export const PORTABLE_INIT = `${PORTABLE_PATH}/bin/graceful-init`

/** The portable build hard-linked at `dest` (cheap: a file changed there must be removed first). */
export function linkPortable(dest: string): string {
  mkdirSync(dirname(dest), { recursive: true })
  execFileSync('cp', ['-al', portableDir(), dest])
  return dest
}

export type Placement = 'pid1' | 'plain' | 'pid1-read-only'

/** The argv that runs `init args...` in `root`; the init is always its child (unshare --fork). */
export function inRoot(root: string, placement: Placement, initArgs: string[], init = PORTABLE_INIT): string[] {
  switch (placement) {
    case 'pid1':
    case 'plain':
      // plain: a mount namespace of its own only for /proc; the init is not PID 1.
      return ['unshare', placement === 'pid1' ? '--pid' : '--mount', '--fork', '--mount-proc', '--kill-child', `--root=${root}`, init, ...initArgs]
    case 'pid1-read-only':
      // The root is bound onto itself read-only in a private mount namespace, then entered.
      return [
        'unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c',
        'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec unshare --pid --fork --mount-proc --kill-child --root="$0" "$@"',
        root, init, ...initArgs,
      ]
  }
}

/** Where the fixtures' Node lives inside a root (its own glibc beside it, nothing shared). */
const FIXTURE_NODE_DIR = '/usr/local/lib/gi-fixture-node'

/** A host directory to bind at FIXTURE_NODE_DIR: the portable build's Node, its interpreter and
 * RUNPATH set to that path, so fixtures run in a root without libc and can respawn execPath. */
function fixtureNodeDir(arch: Arch = 'x64'): string {
  const portable = portableDir(arch)
  const dir = join(repoRoot, 'dist/.cache/portable', `fixture-node-${arch}`)
  if (existsSync(join(dir, 'node'))) return dir
  const partial = `${dir}.${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  mkdirSync(partial, { recursive: true })
  for (const name of readdirSync(join(portable, 'lib'))) copyFileSync(join(portable, 'lib', name), join(partial, name))
  const loader = arch === 'x64' ? 'ld-linux-x86-64.so.2' : 'ld-linux-aarch64.so.1'
  renameSync(join(partial, 'graceful-init'), join(partial, loader))
  execFileSync('patchelf', ['--set-interpreter', `${FIXTURE_NODE_DIR}/${loader}`, '--set-rpath', FIXTURE_NODE_DIR, join(partial, 'node')])
  // Test files running side by side may race here: the first rename wins.
  try {
    renameSync(partial, dir)
  } catch {
    rmSync(partial, { recursive: true, force: true })
  }
  return dir
}

/** Puts the fixtures' Node into a root made by rootfs.ts (hard links), returns its path there. */
export function addFixtureNode(root: string, arch: Arch = 'x64'): string {
  mkdirSync(dirname(join(root, FIXTURE_NODE_DIR)), { recursive: true })
  execFileSync('cp', ['-al', fixtureNodeDir(arch), join(root, FIXTURE_NODE_DIR)])
  return `${FIXTURE_NODE_DIR}/node`
}

/** The portable container column's root (busybox only, the portable build inside) and its
 * read-only binds: the repo for the fixture scripts, and their Node. */
export function portableContainerRoot(): { rootfs: string; binds: { path: string; destination: string }[]; remove(): void } {
  const root = makeRootfs('busybox', portableDir())
  const nodeDir = fixtureNodeDir()
  const binds = [
    { path: repoRoot, destination: repoRoot },
    { path: nodeDir, destination: FIXTURE_NODE_DIR },
  ]
  for (const b of binds) mkdirSync(join(root.dir, b.destination), { recursive: true })
  // Also at the host's node path, so behaviour files' commands (naming it) run unchanged here.
  mkdirSync(join(root.dir, dirname(node)), { recursive: true })
  writeFileSync(join(root.dir, node), '')
  binds.push({ path: join(nodeDir, 'node'), destination: node })
  return { rootfs: root.dir, binds, remove: root.remove }
}
