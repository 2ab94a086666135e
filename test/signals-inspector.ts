// Node opens its inspector (127.0.0.1:9229) on SIGUSR1: the init must forward the signal instead.
import t from 'tap'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { modes } from './lib/modes.js'
import { parallel } from './lib/parallel.js'
import { node } from './lib/paths.js'
import { accepts } from './lib/probes/net.js'
import { deliver, startFamily, waitGot } from './lib/stop/served.js'

for (const mode of modes.filter(m => !m.single)) {
  t.test(`SIGUSR1 is forwarded and never opens the inspector on 9229, ${mode.name}`, async t => {
    if (await accepts(9229)) return t.fail('something already listens on 127.0.0.1:9229; cannot test')
    const init = await startFamily(t, mode)
    await deliver(init, 'SIGUSR1', ['main', 'grand'])
    // Node opens the inspector within milliseconds of SIGUSR1; look a few times over ~1 s.
    let opened = false
    for (let i = 0; i < 10 && !opened; i++) {
      opened = await accepts(9229)
      await new Promise(r => setTimeout(r, 100))
    }
    t.notOk(opened, '127.0.0.1:9229 stays closed')
    await init.kill('SIGTERM')
    t.equal((await init.waitExit()).code, 0)
  })
}

containerColumn(t, 'SIGUSR1 and the inspector', (t, suite) => {
  t.test("forwards SIGUSR1 and opens no inspector (the container shares the host's network)", parallel(), async t => {
    const c = await startServed(suite, {})
    await c.kill('USR1')
    await waitGot(c, 'child', 'SIGUSR1')
    t.same(await c.pid1ListeningPorts(), [], 'PID 1 listens on no TCP port')
    t.notMatch(c.stderr.text, /Debugger listening/)
    t.equal((await c.stop({ timeoutMs: 10_000 })).exit.code, 7)
  })

  t.test('negative control: the inspector check sees a node PID 1 that lets SIGUSR1 open the inspector', parallel(), async t => {
    const c = suite.start({ pid1: [node, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'] })
    await c.stdout.waitFor(/^ready$/m)
    await c.kill('USR1')
    await c.stderr.waitFor(/Debugger listening/)
    t.same(await c.pid1ListeningPorts(), [9229], 'PID 1 listens on 9229')
    await c.stop({ signal: 'KILL', timeoutMs: 5000 })
  })
}, 2)
