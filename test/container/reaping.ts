// Orphans reparented to the container's PID 1 are reaped: no zombie is left in the container.
// (harness.ts shows the same check finding 50 zombies when PID 1 does not reap.)
import t from 'tap'
import { containerProcesses } from './lib/proc.js'
import { fixture, node, setupSuite } from './lib/suite.js'

const suite = setupSuite(t)
if (suite) {
  for (const singleChild of [false, true]) {
    const mode = singleChild ? ' (--single-child)' : ''
    t.test(`reaps 50 orphans killed at once: 0 zombies left in the container${mode}`, {
      skip: suite.skip({ singleChild }),
    }, async t => {
      const c = suite.start({
        init: { singleChild },
        cmd: [node, fixture('orphans.mjs'), '--count', '50', '--wait-ms', '5000'],
      })
      const report = JSON.parse(await c.stdout.waitFor(/^\{"orphans"/, 15_000)) as Record<string, number>
      t.same(report, { orphans: 50, reparented: 50, zombies: 0 }, 'seen by the fixture', { stderr: c.stderr.text })
      const zombies = (await containerProcesses((...argv) => c.exec(...argv))).filter(p => p.state === 'Z')
      t.same(zombies, [], 'seen by crun exec')
      const stop = await c.stop({ timeoutMs: 10_000 })
      t.equal(stop.exit.code, 0)
    })
  }
}
