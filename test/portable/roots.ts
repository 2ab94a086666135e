// The portable build in the roots it is for (busybox-only with no C library, musl, Debian
// without Node), as PID 1 (`unshare --root`), as a plain process, and as PID 1 on a read-only
// root: exit codes, forwarding and reaping, with the image's own shell as the child.
import t from 'tap'
import { startInit } from '../lib/init-process.js'
import { inRoot, portableDir, type Placement } from '../lib/portable.js'
import { makeRootfs, ROOT_KINDS } from '../lib/rootfs.js'

const PLACEMENTS: readonly Placement[] = ['pid1', 'plain', 'pid1-read-only']

// Ten orphans (`sleep` whose parent exits at once) must be adopted by the init (PID 1, or the
// subreaper when it is a plain process: $PPID of this script either way) and reaped.
const ORPHANS = [
  'i=0; while [ $i -lt 10 ]; do sh -c "sleep 1.5 & exit 0"; i=$((i+1)); done',
  'sleep 0.2',
  'adopted=0',
  'for f in /proc/[0-9]*/stat; do read -r line < $f || continue; case "$line" in *"(sleep) S $PPID "*) adopted=$((adopted+1));; esac; done 2>/dev/null',
  'echo adopted=$adopted',
  'sleep 2.5',
  // Only the init's: a plain process in the host's PID namespace sees the host's zombies too.
  'echo zombies=$(cat /proc/[0-9]*/stat 2>/dev/null | grep -c ") Z $PPID ")',
].join('\n')

for (const kind of ROOT_KINDS) {
  t.test(`${kind} root`, async t => {
    const root = makeRootfs(kind, portableDir())
    t.teardown(() => root.remove())

    for (const placement of PLACEMENTS) {
      const start = (args: string[]) => startInit(t, { args: [], wrap: () => inRoot(root.dir, placement, args) })

      t.test(`${placement}: exits with the child's code`, async t => {
        const exit = await start(['--', '/bin/sh', '-c', 'echo hello; exit 3']).waitExit(20_000)
        t.equal(exit.code, 3, 'exit code', { stderr: exit.stderr })
        t.equal(exit.stdout, 'hello\n')
      })

      t.test(`${placement}: exits 127 when the command does not exist`, async t => {
        const exit = await start(['--', '/no/such/command']).waitExit(20_000)
        t.equal(exit.code, 127, 'exit code', { stderr: exit.stderr })
      })

      t.test(`${placement}: forwards SIGHUP to the child`, async t => {
        const init = start(['--', '/bin/sh', '-c', 'trap "echo got-HUP; exit 6" HUP; echo ready; while :; do sleep 0.05; done'])
        await init.stdout.waitFor(/ready/, 20_000)
        await init.kill('SIGHUP')
        const exit = await init.waitExit(20_000)
        t.match(exit.stdout, /got-HUP/)
        t.equal(exit.code, 6, 'the child exited on its trap', { stderr: exit.stderr })
      })

      t.test(`${placement}: stops the child on SIGTERM`, async t => {
        const init = start(['--', '/bin/sh', '-c', 'trap "echo got-TERM; exit 0" TERM; echo ready; while :; do sleep 0.05; done'])
        await init.stdout.waitFor(/ready/, 20_000)
        await init.kill('SIGTERM')
        const exit = await init.waitExit(20_000)
        t.match(exit.stdout, /got-TERM/)
        t.equal(exit.code, 0, { stderr: exit.stderr })
      })

      t.test(`${placement}: adopts and reaps orphans`, async t => {
        const exit = await start(['--', '/bin/sh', '-c', ORPHANS]).waitExit(20_000)
        t.match(exit.stdout, /adopted=10\n/, 'the ten orphans were the init\'s', { stderr: exit.stderr })
        t.match(exit.stdout, /zombies=0\n/, 'none was left a zombie')
        t.equal(exit.code, 0)
      })
    }
  })
}
