// examples/portable/: each Dockerfile's ENTRYPOINT in a root of its image's shape; the nginx
// recipe's stop sequence for real.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { jsonForm } from '../lib/examples/recipe.js'
import { runInit, startInit } from '../lib/init-process.js'
import { repoRoot } from '../lib/paths.js'
import { inRoot, PORTABLE_INIT, portableDir } from '../lib/portable.js'
import { freePort } from '../lib/probes/net.js'
import { makeRootfs, type RootKind } from '../lib/rootfs.js'
import { nginxCommand, nginxMissing } from '../lib/stop/nginx.js'
import { tempDir } from '../lib/stop/temp.js'

const dir = join(repoRoot, 'examples/portable')
const SHAPES: Record<string, RootKind> = {
  'Dockerfile.nginx': 'debian',
  'Dockerfile.nginx-alpine': 'musl',
  'Dockerfile.php-fpm': 'debian',
  'Dockerfile.passenger': 'debian',
  'Dockerfile.distroless': 'busybox',
}

const entrypoint = (file: string) => jsonForm(`portable/${file}`, 'ENTRYPOINT')
const flagsOf = (argv: string[]) => argv.slice(1, argv.indexOf('--'))

t.test('every recipe is tested in a root of its image\'s shape', async t => {
  t.same(readdirSync(dir).filter(f => f.startsWith('Dockerfile')).sort(), Object.keys(SHAPES).sort())
})

for (const [file, kind] of Object.entries(SHAPES)) {
  t.test(`${file}: COPY --from= the image, its flags accepted in a ${kind} root`, async t => {
    const text = readFileSync(join(dir, file), 'utf8')
    t.match(text, /^COPY --from=graceful-init \/opt\/graceful-init \/opt\/graceful-init$/m, 'copies /opt/graceful-init')
    const argv = entrypoint(file)
    t.equal(argv[0], PORTABLE_INIT, 'the entry point')
    const root = makeRootfs(kind, portableDir())
    t.teardown(() => root.remove())
    const exit = await runInit(t, { args: [], wrap: () => inRoot(root.dir, 'pid1-read-only', [...flagsOf(argv), '--', '/bin/sh', '-c', 'exit 0']) }, 30_000)
    t.equal(exit.code, 0, flagsOf(argv).join(' '), { stderr: exit.stderr })
  })
}

t.test("Dockerfile.nginx's stop sequence with Debian's nginx: TERM, 5 s drain, QUIT, exit 0", async t => {
  const missing = nginxMissing()
  if (missing) throw new Error(missing)
  const port = await freePort()
  const nginx = nginxCommand(tempDir(t, 'gi-nginx-'), port, port) // no request is made: nothing is proxied
  const flags = flagsOf(entrypoint('Dockerfile.nginx'))
  // `unshare --fork`, no new namespace: the init is the spawned process's child, as wrap expects.
  const init = startInit(t, { args: [], wrap: () => ['unshare', '--fork', '--kill-child', join(portableDir(), 'bin/graceful-init'), '--verbose', ...flags, '--', ...nginx] })
  await init.stderr.waitFor(/start worker process/, 30_000)
  const stopAt = Date.now()
  await init.kill('SIGTERM')
  const exit = await init.waitExit(30_000)
  const elapsedMs = Date.now() - stopAt
  t.equal(exit.code, 0, 'nginx stopped gracefully', { stderr: exit.stderr.slice(-2000) })
  t.match(exit.stderr, /"signal":"SIGQUIT"[^\n]*"msg":"forward"|forward[^\n]*SIGQUIT/, 'TERM was rewritten to QUIT')
  t.ok(elapsedMs >= 4_900, `the 5 s drain ran first (${elapsedMs} ms)`)
  t.ok(elapsedMs < 25_000, `and nginx exited within its grace (${elapsedMs} ms)`)
})
