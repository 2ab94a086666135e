// `npm run dist`'s OCI layout as a user uses it: well formed, then pulled by podman and built on.
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startInit } from '../lib/init-process.js'
import { ORPHANS_SCRIPT, ORPHANS_WAIT_MS } from '../lib/orphans-script.js'
import { repoRoot } from '../lib/paths.js'
import { importRoot, podman, podmanRun } from '../lib/podman.js'
import { portableDir } from '../lib/portable.js'
import { makeRootfs } from '../lib/rootfs.js'
import { tempDir } from '../lib/stop/temp.js'

portableDir() // fails the file with how to build it
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version
const layout = join(repoRoot, 'dist/portable/oci')
const blob = (digest: string) => join(layout, 'blobs/sha256', digest.replace(/^sha256:/, ''))
const json = (digest: string) => JSON.parse(readFileSync(blob(digest), 'utf8')) as Record<string, any>

t.test('the layout: a tagged index of one manifest per architecture, every digest right', async t => {
  const top = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as Record<string, any>
  t.equal(top.manifests[0].annotations['org.opencontainers.image.ref.name'], version, 'tagged with the version')
  const index = json(top.manifests[0].digest)
  t.ok(index.manifests.find((m: any) => m.platform.architecture === 'amd64'), 'an amd64 image')
  for (const m of index.manifests) {
    const manifest = json(m.digest)
    t.equal(json(manifest.config.digest).os, 'linux')
    t.equal(manifest.layers.length, 1, `${m.platform.architecture}: one layer (FROM scratch)`)
    const layer = readFileSync(blob(manifest.layers[0].digest))
    t.equal(`sha256:${createHash('sha256').update(layer).digest('hex')}`, manifest.layers[0].digest, 'layer digest')
    const arch = m.platform.architecture === 'amd64' ? 'x64' : 'arm64'
    const tarball = readFileSync(join(repoRoot, 'dist/portable', `graceful-init-${version}-linux-${arch}.tar.gz`))
    t.ok(tarball.equals(layer), `${arch}: the tarball is the layer`)
  }
})

t.test('podman: COPY --from= the image into a busybox-only base, run as PID 1', async t => {
  const tag = `gi-portable-test-${process.pid}`
  const image = (role: 'app' | 'init' | 'base') => `localhost/${tag}-${role}`
  const dir = tempDir(t, 'gi-podman-')
  const base = makeRootfs('busybox', undefined)
  // podman names a pulled layout after its path, which must be lower case: pull through a link of
  // ours (a clone in /tmp/ciA failed; mkdtemp's names have upper case too).
  const pulled = join(tmpdir(), `gi-oci-layout-${process.pid}`)
  rmSync(pulled, { force: true })
  symlinkSync(layout, pulled)
  t.teardown(() => {
    for (const name of [image('app'), image('init'), image('base'), `localhost${pulled}`]) {
      try { podman('rmi', '-f', name) } catch { /* not made */ }
    }
    base.remove()
    rmSync(pulled, { force: true })
  })
  podman('tag', podman('pull', '--quiet', `oci:${pulled}:${version}`).trim(), image('init'))
  importRoot(base.dir, image('base'))
  writeFileSync(join(dir, 'Containerfile'), [
    `FROM ${image('base')}`,
    `COPY --from=${image('init')} /opt/graceful-init /opt/graceful-init`,
    'ENTRYPOINT ["/opt/graceful-init/bin/graceful-init", "--"]',
    '',
  ].join('\n'))
  podman('build', '--quiet', '--network', 'none', '-t', image('app'), dir)

  const run = (name: string, cmd: string[]) =>
    startInit(t, { args: [], wrap: () => podmanRun(['--rm', '--read-only', '--name', name, image('app'), ...cmd]) })

  t.test('exits with the child\'s code', async t => {
    const exit = await run(`${tag}-exit`, ['/bin/sh', '-c', 'echo comm=$(cat /proc/1/comm); exit 3']).waitExit(60_000)
    t.equal(exit.code, 3, { stderr: exit.stderr })
    t.match(exit.stdout, /comm=graceful-init/)
  })

  t.test('forwards podman kill --signal HUP; podman stop runs the stop sequence', async t => {
    const name = `${tag}-signals`
    const init = run(name, ['/bin/sh', '-c', 'trap "echo got-HUP" HUP; trap "echo got-TERM; exit 5" TERM; echo ready; while :; do sleep 0.05; done'])
    await init.stdout.waitFor(/ready/, 60_000)
    podman('kill', '--signal', 'HUP', name)
    await init.stdout.waitFor(/got-HUP/)
    podman('stop', '--time', '20', name)
    const exit = await init.waitExit(60_000)
    t.match(exit.stdout, /got-TERM/)
    t.equal(exit.code, 5, 'the child stopped on TERM with its own code', { stderr: exit.stderr })
  })

  t.test('adopts and reaps orphans', async t => {
    const exit = await run(`${tag}-orphans`, ['/bin/sh', '-c', ORPHANS_SCRIPT]).waitExit(ORPHANS_WAIT_MS)
    t.match(exit.stdout, /adopted=10\n/, { stderr: exit.stderr })
    t.match(exit.stdout, /zombies=0\n/)
  })
})
