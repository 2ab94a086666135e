// The servers the recipes run (Debian's nginx-light and php-fpm), and an app behind nginx that
// holds requests in flight until the test lets them finish.
import type { Test } from 'tap'
import { chmodSync, existsSync, readdirSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { serveLocal } from '../probes/net.js'
import { NGINX, nginxMissing } from '../stop/nginx.js'
import { tempDir } from '../stop/temp.js'
import { ourInitOnlyReason } from '../inits.js'

export const phpFpmBin = existsSync('/usr/sbin/php-fpm')
  ? '/usr/sbin/php-fpm'
  : existsSync('/usr/sbin')
    ? readdirSync('/usr/sbin').filter(f => /^php-fpm\d+\.\d+$/.test(f)).sort().map(f => `/usr/sbin/${f}`).at(-1)
    : undefined

const missing = {
  nginx: nginxMissing,
  'php-fpm': () => (phpFpmBin ? undefined : 'php-fpm is not installed (apt-get install php-fpm)'),
}

/** Why a case cannot run here, or false; a missing server also fails (.ci/run installs both). */
export function cannotRun(t: Test, servers: Array<keyof typeof missing>): string | false {
  const ours = ourInitOnlyReason('the recipes use its flags')
  if (ours) return ours
  const reasons = servers.flatMap(s => missing[s]() ?? [])
  for (const reason of reasons) t.fail(reason)
  return reasons[0] ?? false
}

/** The example's nginx CMD on the adapted config, errors on stderr from the start. */
export function nginxCmd(cmd: string[], conf: string): string[] {
  if (cmd[0] !== 'nginx') throw new Error(`not nginx: ${cmd.join(' ')}`)
  return [NGINX, '-e', 'stderr', '-c', conf, ...cmd.slice(1)]
}

/** A temp dir that www-data (nginx's and php-fpm's workers) can read. */
export function sharedTempDir(t: Test, prefix: string): string {
  const dir = tempDir(t, prefix)
  chmodSync(dir, 0o755)
  return dir
}

/** An upstream whose GET /slow is held until release(); `held` counts them. */
export async function holdingApp(t: Test): Promise<{ port: number; held: () => number; release: () => void }> {
  const waiting: ServerResponse[] = []
  const server = createServer((req, res) => {
    if (req.url === '/slow') return void waiting.push(res)
    res.end(`fast ${req.url}\n`)
  })
  return {
    port: await serveLocal(t, server),
    held: () => waiting.length,
    release: () => {
      for (const res of waiting.splice(0)) res.end('slow done\n')
    },
  }
}
