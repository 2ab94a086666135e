// An internal error after the spawn (GRACEFUL_INIT_FAULT, the binary's test hook): the init kills
// the child's group, logs a fatal line and exits 1.
import t from 'tap'
import { cpSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { startInit } from './lib/init-process.js'
import { LEVEL, parseLog } from './lib/log-lines.js'
import { placements } from './lib/modes.js'
import { node, repoRoot } from './lib/paths.js'
import { runningTagged } from './lib/processes.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'

const FAULT = { GRACEFUL_INIT_FAULT: 'after-spawn' }
/** The child forks a grandchild in its process group at once, then becomes `sleep 301`. */
const FAMILY = ['sh', '-c', 'sleep 300 & exec sleep 301']

/** [] once every tagged process is gone (20 s at most), else those left as "pid comm state". */
async function leftovers(tag: string) {
  const gone = await waitUntil('the child and grandchild to be gone', () => runningTagged(tag).length === 0, 20_000).catch(() => false)
  return gone ? [] : runningTagged(tag).map(st => `${st.pid} ${st.comm} ${st.state}`)
}

/** [behaviour, pid1, init args, what must not be left running: checked in a plain process only,
 * where the end of a PID namespace cannot be what killed them] */
const faults: [string, boolean, string[], string?][] = [
  ["kills the child's group, logs fatal and exits 1, as a plain process, group mode", false, FAMILY, "no process of the child's group is left running"],
  ['kills the child and exits 1, as a plain process, single-child mode', false, ['-c', 'sleep', '300'], 'the child is not left running'],
  ['exits 1 with a fatal line, as PID 1, group mode', true, FAMILY],
]
for (const [behaviour, pid1, args, noneLeft] of faults) {
  t.test(`on an internal error the init ${behaviour}`, async t => {
    const init = startInit(t, { pid1, args, env: FAULT })
    const r = await init.waitExit()
    t.equal(r.code, 1, 'exit 1')
    t.ok(parseLog(r.stderr).logs.some(l => l.level === LEVEL.fatal), 'a fatal log line', { stderr: r.stderr })
    if (noneLeft) t.same(await leftovers(init.tag), [], noneLeft)
  })
}

t.test('a missing supervision bundle (a broken install): the init kills the child\'s group and exits 1', async t => {
  // A copy of the npm form without dist/graceful-init-supervise.cjs, which loads after the spawn.
  const install = tempDir(t, 'gi-broken-')
  for (const path of ['bin', 'dist/graceful-init.cjs', 'package.json']) cpSync(join(repoRoot, path), join(install, path), { recursive: true })
  symlinkSync(join(repoRoot, 'node_modules'), join(install, 'node_modules'))
  const init = startInit(t, { args: [], wrap: () => [node, join(install, 'bin', 'graceful-init.js'), ...FAMILY] })
  const r = await init.waitExit()
  t.equal(r.code, 1, 'exit 1')
  const fatal = parseLog(r.stderr).logs.find(l => l.level === LEVEL.fatal)
  t.match(fatal?.error, /Cannot find module '\.\/graceful-init-supervise\.cjs'/, 'a fatal line names the missing file', { stderr: r.stderr })
  t.same(await leftovers(init.tag), [], 'no process of the child\'s group is left running')
})

t.test('control: a SIGKILLed init leaves its child running (so the check above can fail)', async t => {
  const init = startInit(t, { args: ['sh', '-c', 'echo ready; exec sleep 300'] })
  await init.stdout.waitFor(/^ready$/m)
  await init.kill('SIGKILL')
  // Not init.exited: that waits for the pipes, which the surviving child holds open.
  await waitUntil('the init to die', () => init.proc.signalCode !== null, 5000)
  t.not(runningTagged(init.tag).length, 0, 'the child is still running')
})

// A real fault (GRACEFUL_INIT_FAULT=segv reads address 16) must end the init: the kernel delivers
// it with the default action even if SEGV is ignored; a listener would re-fault at 100% CPU forever.
for (const mode of placements) {
  t.test(`a real fault in the init ends it instead of spinning, ${mode.name}`, async t => {
    const init = startInit(t, { pid1: mode.pid1, args: ['sh', '-c', 'echo ready; exec sleep 300'], env: { GRACEFUL_INIT_FAULT: 'segv' } })
    // It faults one loop turn after the spawn; a spinning init never ends and the waits fail.
    if (mode.pid1) {
      // PID 1's death ends the namespace and the child with it: the pipes close.
      const r = await init.waitExit(60_000)
      t.not(r.code, 0, `the init is gone (unshare: code ${r.code}, signal ${r.signal})`)
      t.notMatch(r.stderr, /internal error/, 'no handler ran: it died of the fault itself')
    } else {
      // Not init.exited, as in the control above.
      await waitUntil('the init to die', () => init.proc.signalCode !== null || init.proc.exitCode !== null, 60_000)
      t.equal(init.proc.signalCode, 'SIGSEGV', 'killed by SIGSEGV, as a real fault does')
    }
  })
}
