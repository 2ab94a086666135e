// As a plain process the init adopts orphans as a subreaper, unless told not to.
import t from 'tap'
import { startInit } from './lib/init-process.js'
import { gateNamer, orphansScript, release, stopSleep } from './lib/orphan-gate.js'
import { readStat } from './lib/processes.js'

const newGate = gateNamer(t)

/** [behaviour, options, env, is the init the orphan's parent] */
const subreaper: [string, string[], Record<string, string>, boolean][] = [
  ['is a subreaper by default', [], {}, true],
  ['is a subreaper with -s', ['-s'], {}, true],
  ['is not a subreaper with --no-subreaper', ['--no-subreaper'], {}, false],
  ['is not a subreaper with GRACEFUL_INIT_SUBREAPER=0', [], { GRACEFUL_INIT_SUBREAPER: '0' }, false],
]

for (const [behaviour, options, env, adopts] of subreaper) {
  t.test(`as a plain process the init ${behaviour}`, async t => {
    const fifo = newGate()
    const init = startInit(t, { args: [...options, 'sh', '-c', orphansScript(1, fifo)], env })
    const [line] = await init.stdout.waitFor(/^orphans 1 .*$/m)
    const leaf = Number(line.split(' ')[3])
    const initPid = await init.pid()
    const ppid = readStat(leaf)?.ppid
    if (adopts) t.equal(ppid, initPid, 'the orphan\'s parent is the init')
    else t.not(ppid, initPid, 'the orphan\'s parent is not the init')
    t.ok(ppid, 'the orphan exists')
    release(fifo)
    await stopSleep(t, init)
  })
}
