// The rootfs skeleton (empty dirs and the host's top-level symlinks such as /bin -> usr/bin) and
// the OCI bundles; the rest is bound read-only from the host, so no image is built.
import { lstatSync, mkdirSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { toOciConfig, type Bind, type OciConfigInput } from './oci-config.js'

const TOP_DIRS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']
const lstatOf = (path: string) => lstatSync(path, { throwIfNoEntry: false })

/** Host directories every container needs: the OS, the repo, and node if it lives elsewhere. */
export function hostBinds(repo: string, nodePath = process.execPath): Bind[] {
  const paths = new Set(['/usr', '/etc', repo, ...TOP_DIRS.filter(top => lstatOf(top)?.isDirectory())])
  const nodeDir = dirname(realpathSync(nodePath))
  if (![...paths].some(p => nodeDir === p || nodeDir.startsWith(p + '/'))) paths.add(nodeDir)
  return [...paths].map(path => ({ path }))
}

/** Makes the rootfs skeleton: mount points for the binds, and the host's top-level symlinks. */
export function makeRootfs(rootfs: string, binds: Bind[]): void {
  for (const dir of ['proc', 'dev', 'tmp', 'sys']) mkdirSync(join(rootfs, dir), { recursive: true })
  for (const top of TOP_DIRS) if (lstatOf(top)?.isSymbolicLink()) symlinkSync(readlinkSync(top), join(rootfs, top))
  for (const b of binds) mkdirSync(join(rootfs, b.path), { recursive: true })
}

/** Writes a bundle in `dir` (config.json pointing at the shared rootfs) and returns `dir`. */
export function makeBundle(dir: string, input: OciConfigInput): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'config.json'), JSON.stringify(toOciConfig(input), null, 2))
  return dir
}
