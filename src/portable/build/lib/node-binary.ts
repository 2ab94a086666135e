// The official Node binary, from the npm registry (node-linux-<arch>), stripped and told to find
// its libraries next to itself ($ORIGIN): the bundled loader then needs no --library-path.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.js'
import { NODE_VERSION, type Target } from './targets.js'

/** Downloads (once, into cacheDir) and unpacks the package; returns its directory. */
export function fetchNodePackage(target: Target, cacheDir: string): string {
  const dir = join(cacheDir, `${target.nodePackage}-${NODE_VERSION}`)
  if (existsSync(join(dir, 'package/bin/node'))) return join(dir, 'package')
  mkdirSync(dir, { recursive: true })
  const tgz = run(['npm', 'pack', '--silent', `${target.nodePackage}@${NODE_VERSION}`, '--pack-destination', dir]).trim()
  run(['tar', '-xzf', join(dir, tgz), '-C', dir, 'package/bin/node', 'package/LICENSE', 'package/package.json'])
  return join(dir, 'package')
}

/** Installs lib/node: stripped (~15 MB less), RUNPATH $ORIGIN. */
export function installNode(target: Target, nodePackage: string, libDir: string): void {
  const node = join(libDir, 'node')
  copyFileSync(join(nodePackage, 'bin/node'), node)
  run([target.strip, '--strip-all', node])
  run(['patchelf', '--set-rpath', '$ORIGIN', node])
}
