#!/usr/bin/env node
// npm run dist: the portable build, from the npm registry and Debian's packages only.
//   node portable/build.mjs [x64] [arm64]      (default: both)
// Writes, under dist/portable/:
//   graceful-init-linux-<arch>/                 meant to live at /opt/graceful-init
//   graceful-init-<version>-linux-<arch>.tar.gz  the same, under opt/graceful-init/ (= the image layer)
//   oci/                                        OCI image layout, tag <version>: FROM scratch + /opt/graceful-init
// Downloads are kept in dist/.cache/portable/.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { installApp } from './lib/app-bundle.mjs'
import { fetchDebianLibraries, installLibraries } from './lib/debian-libraries.mjs'
import { installLauncher } from './lib/launcher.mjs'
import { fetchNodePackage, installNode } from './lib/node-binary.mjs'
import { writeNotice } from './lib/notice.mjs'
import { writeOciLayout } from './lib/oci-layout.mjs'
import { tarGzip } from './lib/tar-gzip.mjs'
import { TARGETS } from './lib/targets.mjs'

const DIST = 'dist/portable'
const CACHE = 'dist/.cache/portable'

/** Builds dist/portable/graceful-init-linux-<arch>/ and returns its path. */
function buildDirectory(arch, version) {
  const target = TARGETS[arch]
  const out = join(DIST, `graceful-init-linux-${arch}`)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(join(out, 'lib'), { recursive: true })
  const nodePackage = fetchNodePackage(target, CACHE)
  const debian = fetchDebianLibraries(target, CACHE)
  installNode(target, nodePackage, join(out, 'lib'))
  installLibraries(target, debian, join(out, 'lib'))
  installApp(target, join(out, 'app'))
  // --version reads the version from the package.json next to (or above) the bundle.
  writeFileSync(join(out, 'app/package.json'), JSON.stringify({ name: 'graceful-init', version, private: true }) + '\n')
  installLauncher(target, join(out, 'bin'))
  writeNotice(target, out, { version, nodePackage, debian })
  writeFileSync(join(out, 'VERSION'), `${version}\n`)
  chmodSync(out, 0o755)
  return out
}

async function main(argv) {
  const arches = argv.length ? argv : Object.keys(TARGETS)
  for (const a of arches) if (!(a in TARGETS)) throw new Error(`unknown architecture "${a}" (expected ${Object.keys(TARGETS).join(' or ')})`)
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
  mkdirSync(CACHE, { recursive: true })
  const images = []
  for (const arch of arches) {
    const started = Date.now()
    const dir = buildDirectory(arch, version)
    // The tarball is the image layer, byte for byte: it holds opt/graceful-init/, so
    // `tar -xzf ... -C /` (or a Dockerfile's ADD) installs it where the image has it.
    const tarball = join(DIST, `graceful-init-${version}-linux-${arch}.tar.gz`)
    const layer = await tarGzip(dir, 'opt/graceful-init', tarball)
    images.push({ arch: TARGETS[arch].ociArch, layer: { ...layer, path: tarball } })
    console.log(`${dir}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  rmSync(join(DIST, 'oci'), { recursive: true, force: true })
  writeOciLayout(join(DIST, 'oci'), version, images)
  console.log(`${DIST}/oci: OCI image layout, tag ${version} (${arches.join(', ')})`)
  return 0
}

main(process.argv.slice(2)).then(code => process.exit(code), error => {
  console.error(`npm run dist: ${error.message}`)
  process.exit(1)
})
