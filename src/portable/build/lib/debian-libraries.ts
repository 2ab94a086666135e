// glibc, its loader and the GCC runtime from Debian 12's packages (apt-get download, dpkg -x):
// what the official Node binary and koffi need, for an image that has no C library or another one.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.js'
import { DEBIAN_PACKAGES, LIBRARIES, type Target } from './targets.js'

export interface DebianLibraries {
  /** Where the packages were unpacked. */
  root: string
  /** Each binary package's version. */
  versions: Record<string, string>
  /** Each binary package's .deb file. */
  debs: Record<string, string>
}

/** Downloads and unpacks the packages once; returns the root and each package's version. */
export function fetchDebianLibraries(target: Target, cacheDir: string): DebianLibraries {
  const dir = join(cacheDir, `debian-${target.debianArch}`)
  const root = join(dir, 'root')
  mkdirSync(dir, { recursive: true })
  const names = DEBIAN_PACKAGES.map(p => `${p}:${target.debianArch}`)
  if (!readdirSync(dir).some(f => f.endsWith('.deb'))) {
    try {
      run(['apt-get', 'download', ...names], { cwd: dir })
    } catch (error) {
      throw new Error(`${(error as Error).message}\n(for ${target.debianArch}, apt must know the architecture: dpkg --add-architecture ${target.debianArch} && apt-get update)`)
    }
  }
  const versions: Record<string, string> = {}
  const debs: Record<string, string> = {}
  for (const deb of readdirSync(dir).filter(f => f.endsWith('.deb'))) {
    run(['dpkg-deb', '-x', join(dir, deb), root])
    const [name, version] = deb.replace(/\.deb$/, '').split('_')
    if (name === undefined || version === undefined) throw new Error(`${join(dir, deb)}: not named NAME_VERSION_ARCH.deb`)
    versions[name] = decodeURIComponent(version)
    debs[name] = join(dir, deb)
  }
  return { root, versions, debs }
}

/** Copies the libraries into lib/, and the loader as lib/graceful-init (see launcher.c). */
export function installLibraries(target: Target, debian: DebianLibraries, libDir: string): void {
  const dirs = [join(debian.root, 'lib', target.triplet), join(debian.root, 'usr/lib', target.triplet)]
  const find = (name: string): string => {
    const dir = dirs.find(d => existsSync(join(d, name)))
    if (!dir) throw new Error(`${name} is in none of ${DEBIAN_PACKAGES.join(', ')} (${target.debianArch})`)
    return join(dir, name)
  }
  for (const name of LIBRARIES) copyFileSync(find(name), join(libDir, name))
  copyFileSync(find(target.loader), join(libDir, 'graceful-init'))
}
