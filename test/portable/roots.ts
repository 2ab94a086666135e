// The portable build in busybox-only, musl and Debian roots, as PID 1, plain, and PID 1 on a
// read-only root, with the image's shell as the child.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runInit, startInit } from '../lib/init-process.js'
import { addFixtureNode, inRoot, linkPortable, portableDir, type Placement } from '../lib/portable.js'
import { ORPHANS_SCRIPT, ORPHANS_WAIT_MS } from '../lib/orphans-script.js'
import { makeRootfs, ROOT_KINDS } from '../lib/rootfs.js'
import { tempDir } from '../lib/stop/temp.js'
import { CODE_CACHE_FILE, CODE_CACHE_VARIABLE } from '../../src/portable/code-cache.js'

const PLACEMENTS: readonly Placement[] = ['pid1', 'plain', 'pid1-read-only']

/** A forwarded signal, and the stop signal (which the init forwards once its stop sequence runs). */
const SIGNAL_CASES = [
  { signal: 'SIGHUP', what: 'forwards SIGHUP to the child', code: 6 },
  // Node's inspector wants USR1 too: under Node's --disable-sigusr1 it never reached the init's listener.
  { signal: 'SIGUSR1', what: 'forwards SIGUSR1 to the child, and opens no inspector', code: 10 },
  { signal: 'SIGTERM', what: 'stops the child on SIGTERM', code: 0 },
] as const

for (const kind of ROOT_KINDS) {
  t.test(`${kind} root`, async t => {
    const root = makeRootfs(kind, portableDir())
    t.teardown(() => root.remove())

    for (const placement of PLACEMENTS) {
      const start = (command: string[], env?: Record<string, string>) =>
        startInit(t, { args: [], env, wrap: () => inRoot(root.dir, placement, ['--', ...command]) })

      t.test(`${placement}: exits with the child's code`, async t => {
        const exit = await start(['/bin/sh', '-c', 'echo hello; exit 3']).waitExit()
        t.equal(exit.code, 3, 'exit code', { stderr: exit.stderr })
        t.equal(exit.stdout, 'hello\n')
      })

      t.test(`${placement}: exits 127 when the command does not exist`, async t => {
        const exit = await start(['/no/such/command']).waitExit()
        t.equal(exit.code, 127, 'exit code', { stderr: exit.stderr })
      })

      for (const { signal, what, code } of SIGNAL_CASES) {
        t.test(`${placement}: ${what}`, async t => {
          const name = signal.slice(3)
          const init = start(['/bin/sh', '-c', `trap "echo got-${name}; exit ${code}" ${name}; echo ready; while :; do sleep 0.05; done`])
          await init.stdout.waitFor(/ready/)
          await init.kill(signal)
          const exit = await init.waitExit()
          t.match(exit.stdout, new RegExp(`got-${name}`))
          t.equal(exit.code, code, "the init's code is the child's, from its trap", { stderr: exit.stderr })
          t.notMatch(exit.stderr, /Debugger listening/, 'no inspector started')
        })
      }

      t.test(`${placement}: V8 takes the start bundle's code cache (made on the build machine)`, async t => {
        const exit = await start(['/bin/true'], { [CODE_CACHE_VARIABLE]: 'check' }).waitExit()
        t.same(JSON.parse(exit.stdout), { codeCache: 'accepted' }, 'accepted', { stderr: exit.stderr })
      })

      t.test(`${placement}: adopts and reaps orphans`, async t => {
        const exit = await start(['/bin/sh', '-c', ORPHANS_SCRIPT]).waitExit(ORPHANS_WAIT_MS)
        t.match(exit.stdout, /adopted=10\n/, 'the ten orphans were the init\'s', { stderr: exit.stderr })
        t.match(exit.stdout, /zombies=0\n/, 'none was left a zombie')
        t.equal(exit.code, 0)
      })
    }
  })
}

t.test('control: the orphan check sees zombies when PID 1 is a plain Node, which never reaps them', async t => {
  const root = makeRootfs('busybox', portableDir())
  t.teardown(() => root.remove())
  const node = addFixtureNode(root.dir)
  const script = `require('child_process').spawn('/bin/sh', ['-c', ${JSON.stringify(ORPHANS_SCRIPT)}], { stdio: 'inherit' }).on('exit', c => process.exit(c))`
  const exit = await runInit(t, { args: [], wrap: () => inRoot(root.dir, 'pid1', ['-e', script], node) }, ORPHANS_WAIT_MS)
  t.match(exit.stdout, /adopted=10\n/, 'the orphans were adopted by PID 1', { stderr: exit.stderr })
  t.match(exit.stdout, /zombies=([1-9]|10)\n/, 'and left as zombies')
})

t.test('control: the code-cache check says "rejected" for a damaged cache, "missing" for none; the init runs', async t => {
  const dir = linkPortable(join(tempDir(t, 'gi-cache-'), 'graceful-init')) // every file changed below is removed first
  const cache = join(dir, 'app', CODE_CACHE_FILE)
  const run = (env: Record<string, string>, args: string[]) => runInit(t, { args: [], env, wrap: () => [join(dir, 'bin/graceful-init'), ...args] })
  for (const [state, damaged] of [['rejected', Buffer.alloc(4096, 1)], ['missing', undefined]] as const) {
    rmSync(cache, { force: true })
    if (damaged) writeFileSync(cache, damaged)
    const check = await run({ [CODE_CACHE_VARIABLE]: 'check' }, ['true'])
    t.same(JSON.parse(check.stdout), { codeCache: state }, state, { stderr: check.stderr })
    const exit = await run({}, ['--', '/bin/sh', '-c', 'exit 3'])
    t.equal(exit.code, 3, `with the cache ${state}, the init still runs the child and exits with its code`, { stderr: exit.stderr })
  }
})
