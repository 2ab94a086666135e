// examples/kubernetes/portable-init-container.yaml: an init container of /opt/graceful-init only
// (FROM scratch: no shell, no cp) copies it for the busybox-only app container.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runInit, startInit } from '../lib/init-process.js'
import { linkPortable, PORTABLE_INIT } from '../lib/portable.js'
import { makeRootfs } from '../lib/rootfs.js'
import { tempDir } from '../lib/stop/temp.js'

const emptyDir = tempDir(t, 'gi-emptydir-')
const scratch = tempDir(t, 'gi-scratch-')

/** Runs `argv` as PID 1 in `root` with `emptyDir` bound at /graceful-init (read-only if asked). */
function inPod(root: string, argv: string[], readOnly: boolean) {
  const share = `mount --bind ${JSON.stringify(emptyDir)} "$0/graceful-init"`
  // The root first (a bind does not carry the mounts under it), then the shared directory.
  const bind = readOnly
    ? `mkdir -p "$0/graceful-init" && mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && ${share} && mount -o remount,bind,ro "$0/graceful-init"`
    : `mkdir -p "$0/graceful-init" && ${share}`
  return ['unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c',
    `${bind} && exec unshare --pid --fork --mount-proc --kill-child --root="$0" "$@"`, root, ...argv]
}

t.test('the init container copies the build with --copy-to, from a root with nothing else', async t => {
  // The FROM-scratch image's shape: /opt/graceful-init and the mount points, nothing more.
  mkdirSync(join(scratch, 'proc'))
  linkPortable(join(scratch, 'opt/graceful-init'))
  const exit = await runInit(t, { args: [], wrap: () => inPod(scratch, [PORTABLE_INIT, '--copy-to', '/graceful-init'], false) }, 30_000)
  t.equal(exit.code, 0, 'copied', { stderr: exit.stderr })
  t.match(exit.stderr, /copied \/opt\/graceful-init to \/graceful-init/)
})

t.test('the app container runs it from the shared directory as PID 1 on a read-only root', async t => {
  const app = makeRootfs('busybox', undefined)
  t.teardown(() => app.remove())
  const run = (cmd: string[]) => startInit(t, { args: [], wrap: () => inPod(app.dir, ['/graceful-init/bin/graceful-init', '--', ...cmd], true) })

  const exit = await run(['/bin/sh', '-c', 'echo comm=$(cat /proc/1/comm); exit 3']).waitExit(30_000)
  t.equal(exit.code, 3, "the child's exit code", { stderr: exit.stderr })
  t.match(exit.stdout, /comm=graceful-init/)

  const init = run(['/bin/sh', '-c', 'trap "echo got-TERM; exit 0" TERM; echo ready; while :; do sleep 0.05; done'])
  await init.stdout.waitFor(/ready/, 30_000)
  await init.kill('SIGTERM')
  const stopped = await init.waitExit(30_000)
  t.match(stopped.stdout, /got-TERM/, 'TERM reached the child')
  t.equal(stopped.code, 0)
})
