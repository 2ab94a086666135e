// -p/--pdeath-signal: the init's signal on its parent's death, forwarded to the child.
import t from 'tap'
import { startInit } from './lib/init-process.js'
import { readStat } from './lib/processes.js'
import { served, waitGot, waitReady } from './lib/stop/served.js'
import { shellJoin } from './lib/shell.js'
import { waitUntil } from './lib/wait.js'

/** [behaviour, pid1, options, does the child get SIGUSR2 when the init's parent dies] */
const pdeath: [string, boolean, string[], boolean][] = [
  ['-p USR2: the init gets SIGUSR2 when its parent dies, and forwards it', false, ['-p', 'USR2'], true],
  ['--pdeath-signal SIGUSR2 works the same', false, ['--pdeath-signal', 'SIGUSR2'], true],
  ['as PID 1, -p USR2 replaces unshare\'s --kill-child signal', true, ['-p', 'USR2'], true],
  ['without -p, the parent\'s death sends nothing', false, [], false],
]

for (const [behaviour, pid1, options, gets] of pdeath) {
  t.test(behaviour, async t => {
    const init = startInit(t, {
      pid1,
      args: [...options, ...served('main', '--exit-on', 'SIGTERM:0')],
      // As a plain process, the parent is a shell; as PID 1 it is unshare itself.
      ...(pid1 ? {} : { wrap: (argv: string[]) => ['sh', '-c', `${shellJoin(argv)} & wait`] }),
    })
    await waitReady(init, 'main')
    const initPid = await init.pid()
    process.kill(init.proc.pid!, 'SIGKILL')
    if (gets) {
      await waitGot(init, 'main', 'SIGUSR2')
      t.pass('the child got SIGUSR2')
    } else {
      // Barrier: HUP is sent after the parent died; a SIGUSR2 would have come first.
      await waitUntil('the init to be orphaned', () => readStat(initPid)?.ppid !== init.proc.pid, 5000)
      process.kill(initPid, 'SIGHUP')
      await waitGot(init, 'main', 'SIGHUP')
      t.notMatch(init.stdout.text, /SIGUSR2/, 'the child got no SIGUSR2')
    }
    process.kill(initPid, 'SIGTERM')
    await waitGot(init, 'main', 'SIGTERM')
  })
}
