#!/usr/bin/env node
// npm run dist: the portable build, from the npm registry and Debian's packages only.
//   node dist/portable/build/build.js [x64] [arm64]      (default: both; `npm run build` first)
// Writes, under dist/portable/:
//   graceful-init-linux-<arch>/                 meant to live at /opt/graceful-init
//   graceful-init-<version>-linux-<arch>.tar.gz  the same, under opt/graceful-init/ (= the image layer)
//   oci/                                        OCI image layout, tag <version>: FROM scratch + /opt/graceful-init
// Downloads are kept in dist/.cache/portable/. Only those artifacts are replaced: dist/portable/
// also holds tsc's output of src/portable/ (this tool's own, dist/portable/build/, among it).
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installApp } from './lib/app-bundle.js'
import { writeCodeCache } from './lib/code-cache.js'
import { fetchDebianLibraries, installLibraries } from './lib/debian-libraries.js'
import { installLauncher } from './lib/launcher.js'
import { fetchNodePackage, installNode } from './lib/node-binary.js'
import { writeNotice } from './lib/notice.js'
import { type ImageLayer, writeOciLayout } from './lib/oci-layout.js'
import { tarGzip } from './lib/tar-gzip.js'
import { type Arch, isArch, TARGETS } from './lib/targets.js'

/** The repository's root, from this file's place (src/portable/build/ or dist/portable/build/). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

const DIST = 'dist/portable'
const CACHE = 'dist/.cache/portable'

/** Builds dist/portable/graceful-init-linux-<arch>/ and returns its path. */
function buildDirectory(arch: Arch, version: string): string {
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
  installLauncher(target, join(out, 'bin'), join(out, 'lib'))
  if (!writeCodeCache(arch, out)) console.log(`${out}: no code cache (it is made by running the build, on ${arch} only)`)
  writeNotice(target, out, { version, nodePackage, debian })
  writeFileSync(join(out, 'VERSION'), `${version}\n`)
  chmodSync(out, 0o755)
  return out
}

/** Builds one architecture's directory and tarball (the tarball is the image's layer). */
async function buildArch(arch: Arch, version: string): Promise<ImageLayer> {
  const started = Date.now()
  const dir = buildDirectory(arch, version)
  // The tarball is the image layer, byte for byte: it holds opt/graceful-init/, so
  // `tar -xzf ... -C /` (or a Dockerfile's ADD) installs it where the image has it.
  const tarball = join(DIST, `graceful-init-${version}-linux-${arch}.tar.gz`)
  const layer = await tarGzip(dir, 'opt/graceful-init', tarball)
  console.log(`${dir}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return { arch: TARGETS[arch].ociArch, layer: { ...layer, path: tarball } }
}

/** buildArch in a child process (this file with --layer ARCH), which prints the layer as JSON last. */
function inChild(arch: Arch): Promise<ImageLayer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--layer', arch], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
    child.on('error', reject)
    child.on('close', code => {
      const lines = out.trimEnd().split('\n')
      const last = lines.pop() ?? ''
      if (lines.length) console.log(lines.join('\n'))
      if (code !== 0) reject(new Error(`the ${arch} build exited ${String(code)}`))
      else resolve(JSON.parse(last) as ImageLayer)
    })
  })
}

async function main(argv: string[]): Promise<number> {
  // Every path below (and in lib/) is relative to the repository's root, wherever this runs from.
  process.chdir(REPO_ROOT)
  if (argv[0] === '--layer') {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    const arch = argv[1] ?? ''
    if (!isArch(arch)) throw new Error(`--layer: unknown architecture "${arch}"`)
    console.log(JSON.stringify(await buildArch(arch, version)))
    return 0
  }
  const arches = argv.length ? argv : Object.keys(TARGETS)
  const known: Arch[] = []
  for (const a of arches) {
    if (!isArch(a)) throw new Error(`unknown architecture "${a}" (expected ${Object.keys(TARGETS).join(' or ')})`)
    known.push(a)
  }
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
  mkdirSync(CACHE, { recursive: true })
  // One process per architecture, side by side: each is mostly tar | gzip and copying, and a
  // machine has at least two cores (about 10 s saved on every `npm test`, which builds this).
  const images = known.length === 1 ? [await buildArch(known[0]!, version)] : await Promise.all(known.map(inChild))
  rmSync(join(DIST, 'oci'), { recursive: true, force: true })
  writeOciLayout(join(DIST, 'oci'), version, images)
  console.log(`${DIST}/oci: OCI image layout, tag ${version} (${known.join(', ')})`)
  return 0
}

main(process.argv.slice(2)).then(code => process.exit(code), (error: unknown) => {
  console.error(`npm run dist: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
