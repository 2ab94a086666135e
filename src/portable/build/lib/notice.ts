// NOTICE and licenses/ for what the portable build ships: Node (MIT), glibc (LGPL-2.1+, with
// where its exact source is), the GCC runtime (GPL-3 with the runtime library exception),
// koffi and the bundled npm packages (MIT).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { koffiVersion } from './app-bundle.js'
import type { DebianLibraries } from './debian-libraries.js'
import { run } from './run.js'
import { NODE_VERSION, type Target } from './targets.js'

interface DebianSource {
  name: string
  version: string | undefined
  srcName: string | undefined
  srcVersion: string | undefined
}

/** Debian's source package and version of each binary package used. */
function debianSources(debian: DebianLibraries): DebianSource[] {
  return Object.entries(debian.debs).map(([name, deb]) => {
    const source = run(['dpkg-deb', '-f', deb, 'Source']).trim() || name
    const [srcName, srcVersion] = source.includes('(') ? source.replace(/[()]/g, '').split(/\s+/) : [source, debian.versions[name]]
    return { name, version: debian.versions[name], srcName, srcVersion }
  })
}

export function writeNotice(target: Target, out: string, { version, nodePackage, debian }: { version: string, nodePackage: string, debian: DebianLibraries }): void {
  const licenses = join(out, 'licenses')
  mkdirSync(licenses, { recursive: true })
  writeFileSync(join(licenses, 'graceful-init.txt'), 'graceful-init is licensed under the MIT License (SPDX: MIT).\n')
  copyFileSync(join(nodePackage, 'LICENSE'), join(licenses, 'node.txt'))
  copyFileSync('node_modules/koffi/LICENSE.txt', join(licenses, 'koffi.txt'))
  for (const name of Object.keys(debian.debs)) {
    copyFileSync(join(debian.root, 'usr/share/doc', name, 'copyright'), join(licenses, `debian-${name}.copyright`))
  }
  const sources = debianSources(debian)
  const lines = [
    `graceful-init ${version} portable build (linux-${target.debianArch === 'amd64' ? 'x64' : 'arm64'})`,
    '',
    'This directory contains, besides graceful-init itself (MIT, licenses/graceful-init.txt; with',
    'bin/graceful-init and lib/graceful-init-preload.so, built from its src/portable/*.c):',
    '',
    `- Node.js ${NODE_VERSION}, the official binary from the npm package ${target.nodePackage}, stripped,`,
    '  with its RUNPATH set to $ORIGIN (lib/node). MIT, and the licenses of its bundled',
    '  dependencies: licenses/node.txt. Source: https://github.com/nodejs/node',
    `- koffi ${koffiVersion()}, its prebuilt addon (app/node_modules/koffi). MIT: licenses/koffi.txt.`,
    '- pino, execa, signal-exit and their dependencies, bundled into app/ (MIT; see each package on',
    '  the npm registry).',
    '- From Debian 12 (bookworm), unmodified shared libraries (lib/); lib/graceful-init is glibc\'s',
    `  dynamic loader (${target.loader}), renamed so that the process is named graceful-init:`,
    ...sources.map(s => `  - ${s.name} ${s.version} (Debian source package ${s.srcName} ${s.srcVersion}): licenses/debian-${s.name}.copyright`),
    '',
    'The GNU C Library (libc6: libc, libm, libdl, libpthread, the loader) is licensed under the',
    'GNU LGPL 2.1 or later. Its complete corresponding source is the Debian source package named',
    'above, at exactly that version: `apt-get source glibc=<version>` on Debian, or',
    'https://snapshot.debian.org/package/glibc/<version>/ . You may replace the libraries in lib/',
    'with your own builds of the same sonames.',
    '',
    'libstdc++ and libgcc_s (the GCC runtime, source package gcc-12) are licensed under the GNU',
    'GPL 3 with the GCC Runtime Library Exception 3.1. Source: `apt-get source gcc-12=<version>`',
    'or https://snapshot.debian.org/package/gcc-12/<version>/ .',
    '',
  ]
  writeFileSync(join(out, 'NOTICE'), lines.join('\n'))
}
