// The init's JavaScript for the portable build: its bundles (src/build/bundles.ts: the start
// path, and the late ones of src/late-bundles.ts); pino and execa each bundled into one file of
// their own, because the init loads them only when it logs or runs a hook (300 KB of execa parsed
// at every start cost ~1.5 MB and milliseconds); and koffi's prebuilt addon for this architecture
// only.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { bundleFile, bundleInit, commonJsFlags } from '../../../build/bundles.js'
import { START_BUNDLE } from '../../code-cache.js'
import { run } from './run.js'
import type { Target } from './targets.js'

const esbuild = 'node_modules/.bin/esbuild'

/** Writes app/: the boot, the init's bundles, node_modules/{pino,execa,koffi}. */
export function installApp(target: Target, appDir: string): void {
  bundleInit(appDir, { target: 'node22', entry: 'src/portable/main.ts', startFile: START_BUNDLE })
  // The launcher runs the boot, which runs the start bundle with its code cache (boot.ts).
  bundleFile('src/portable/boot.ts', join(appDir, 'graceful-init.cjs'), 'node22')
  const separate: [name: string, entry: string, license: string][] = [['pino', 'pino.js', 'LICENSE'], ['execa', 'index.js', 'license']]
  for (const [name, entry, license] of separate) {
    const dir = join(appDir, 'node_modules', name)
    mkdirSync(dir, { recursive: true })
    run([esbuild, join('node_modules', name, entry), ...commonJsFlags('node22'), '--log-level=error', `--outfile=${join(dir, 'index.js')}`])
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.js' }) + '\n')
    copyFileSync(join('node_modules', name, license), join(dir, 'LICENSE'))
  }

  const koffi = join(appDir, 'node_modules/koffi')
  const addon = join(appDir, '..', koffiAddon(target))
  mkdirSync(dirname(addon), { recursive: true })
  copyFileSync(join('node_modules/koffi/build/koffi', target.koffiDir, 'koffi.node'), addon)
  writeFileSync(join(koffi, 'package.json'), JSON.stringify({ name: 'koffi', version: koffiVersion() }) + '\n')
  copyFileSync('node_modules/koffi/LICENSE.txt', join(koffi, 'LICENSE.txt'))
}

/** koffi's addon, relative to the portable directory (src/sys/koffi.ts finds it through
 * node_modules). */
export function koffiAddon(target: Target): string {
  return `app/node_modules/koffi/build/koffi/${target.koffiDir}/koffi.node`
}

export function koffiVersion(): string {
  return (JSON.parse(run(['cat', 'node_modules/koffi/package.json'])) as { version: string }).version
}
