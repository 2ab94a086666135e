// The linux-arm64 build under qemu-user-static as PID 1 of a busybox-only root: its Node, koffi
// and arm64 libraries work. Only the init is emulated; busybox is the host's amd64 one.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { startInit } from '../lib/init-process.js'
import { ORPHANS_SCRIPT, ORPHANS_SCRIPT_MS } from '../lib/orphans-script.js'
import { inRoot, portableDir } from '../lib/portable.js'
import { makeRootfs } from '../lib/rootfs.js'

const dir = portableDir('arm64')
const root = makeRootfs('busybox', dir)
t.teardown(() => root.remove())
const start = (args: string[]) => startInit(t, { args: [], wrap: () => inRoot(root.dir, 'pid1', args) })
// Under emulation Node starts in about a second; bounds are generous.
const SLOW = 60_000

t.test('the build is arm64 throughout, and binfmt_misc runs it', async t => {
  for (const file of ['bin/graceful-init', 'lib/node', 'lib/graceful-init', 'lib/libc.so.6', 'app/node_modules/koffi/build/koffi/linux_arm64/koffi.node']) {
    t.match(execFileSync('file', ['-L', join(dir, file)], { encoding: 'utf8' }), /ARM aarch64/, file)
  }
  const exit = await start(['--version']).waitExit(SLOW)
  t.match(exit.stdout, /^graceful-init \S+ \(node 22\./, '--version', { stderr: exit.stderr })
})

t.test("exits with the child's code, 127 for a missing command", async t => {
  t.equal((await start(['--', '/bin/sh', '-c', 'exit 3']).waitExit(SLOW)).code, 3)
  t.equal((await start(['--', '/no/such/command']).waitExit(SLOW)).code, 127)
})

t.test('forwards SIGHUP and stops the child on SIGTERM', async t => {
  const init = start(['--', '/bin/sh', '-c', 'trap "echo got-HUP" HUP; trap "echo got-TERM; exit 5" TERM; echo ready; while :; do sleep 0.05; done'])
  await init.stdout.waitFor(/ready/, SLOW)
  await init.kill('SIGHUP')
  await init.stdout.waitFor(/got-HUP/, SLOW)
  await init.kill('SIGTERM')
  const exit = await init.waitExit(SLOW)
  t.match(exit.stdout, /got-TERM/)
  t.equal(exit.code, 5, { stderr: exit.stderr })
})

t.test('adopts and reaps orphans', async t => {
  const exit = await start(['--', '/bin/sh', '-c', ORPHANS_SCRIPT]).waitExit(ORPHANS_SCRIPT_MS + SLOW)
  t.match(exit.stdout, /adopted=10\n/, { stderr: exit.stderr })
  t.match(exit.stdout, /zombies=0\n/)
})
