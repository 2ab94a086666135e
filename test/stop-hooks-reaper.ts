// As PID 1, the reaper takes no hook's exit status while the child makes orphans all along.
import t from 'tap'
import { startInit } from './lib/init-process.js'
import { logsOf } from './lib/log-lines.js'
import { orphanStream, signalAt } from './lib/stop/served.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'

ourInitOnly(t, 'the stop sequence')

/** 20 hooks, `exit N` with N distinct (and not in order, so a code cannot pass for another hook's). */
const CODES = Array.from({ length: 20 }, (_, i) => (i * 37 + 11) % 251)
const RUNS = 3

t.test(`no hook's exit status is lost to the reaper while the child makes orphans, ${RUNS} runs, as PID 1`, parallel(), async t => {
  for (let run = 1; run <= RUNS; run++) {
    const init = startInit(t, {
      pid1: true,
      // A status the reaper took leaves libuv waiting forever for that hook (waitExit fails).
      args: ['-v', '--hook-timeout', '5s', ...CODES.flatMap(c => ['--pre-stop', `exit ${c}`]), ...orphanStream()],
    })
    await init.stdout.waitFor(/^orphans ready \d+$/m, 10_000)
    await signalAt(init, 'SIGTERM')
    const r = await init.waitExit()
    const ends = logsOf(r.stderr).filter(l => /^stop: hook (done|failed|timed out, killed)$/.test(l.msg))
    const got = ends.map(l => [l.hook, l.code ?? `lost (${l.msg})`])
    t.same(got, CODES.map((c, i) => [i, c]), `run ${run}: every hook's logged code is its own`)
    t.notOk(ends.some(l => l.timedOut), `run ${run}: no hook hung waiting for a status`)
    const made = Number(/^orphans made (\d+)$/m.exec(r.stdout)?.[1])
    t.ok(made > 20, `run ${run}: the child made orphans all along (${made})`)
    t.equal(r.code, 0, `run ${run}: the init exits with the child's code`)
  }
})
