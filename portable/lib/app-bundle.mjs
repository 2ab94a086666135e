// The init's JavaScript for the portable build: one esbuild bundle (execa and signal-exit in it),
// pino bundled into one file of its own (src/log.ts requires it by name, lazily), and koffi's
// prebuilt addon for this architecture only.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.mjs'

const esbuild = 'node_modules/.bin/esbuild'
// As in package.json's build: the bundle is CommonJS, and import.meta.url means the bundle file.
const commonJs = [
  '--bundle', '--platform=node', '--format=cjs', '--target=node22', '--log-level=error',
  "--banner:js=const importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  '--define:import.meta.url=importMetaUrl',
]

/** Writes app/: graceful-init.cjs, node_modules/pino, node_modules/koffi (one addon). */
export function installApp(target, appDir) {
  run([esbuild, 'src/portable/main.ts', ...commonJs, '--external:koffi', '--external:pino', `--outfile=${join(appDir, 'graceful-init.cjs')}`])

  const pino = join(appDir, 'node_modules/pino')
  mkdirSync(pino, { recursive: true })
  run([esbuild, 'node_modules/pino/pino.js', ...commonJs, `--outfile=${join(pino, 'index.js')}`])
  writeFileSync(join(pino, 'package.json'), JSON.stringify({ name: 'pino', main: 'index.js' }) + '\n')
  copyFileSync('node_modules/pino/LICENSE', join(pino, 'LICENSE'))

  const koffi = join(appDir, 'node_modules/koffi')
  const addonDir = join(koffi, 'build/koffi', target.koffiDir)
  mkdirSync(addonDir, { recursive: true })
  copyFileSync(join('node_modules/koffi/build/koffi', target.koffiDir, 'koffi.node'), join(addonDir, 'koffi.node'))
  writeFileSync(join(koffi, 'package.json'), JSON.stringify({ name: 'koffi', version: koffiVersion() }) + '\n')
  copyFileSync('node_modules/koffi/LICENSE.txt', join(koffi, 'LICENSE.txt'))
}

export function koffiVersion() {
  return JSON.parse(run(['cat', 'node_modules/koffi/package.json'])).version
}
