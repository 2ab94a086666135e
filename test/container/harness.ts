// Self-checks of the container harness, with no init at all: they show that the checks the
// suite relies on can fail (a PID 1 that does not reap leaves zombies; KILL gives 137).
import t from 'tap'
import { containerProcesses, pid1ListeningPorts } from './lib/proc.js'
import { findHybridCgroup2 } from './lib/runtime.js'
import { fixture, node, setupSuite } from './lib/suite.js'

t.test('finds the cgroup2 mount of a hybrid cgroup layout only', async t => {
  const v1 = '30 25 0:26 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu'
  const v2 = '35 25 0:31 / /sys/fs/cgroup/unified rw,relatime shared:14 - cgroup2 cgroup2 rw'
  const pure = '25 1 0:24 / /sys/fs/cgroup rw,relatime shared:4 - cgroup2 cgroup2 rw'
  t.equal(findHybridCgroup2([v1, v2].join('\n')), '/sys/fs/cgroup/unified')
  t.equal(findHybridCgroup2(pure), undefined)
  t.equal(findHybridCgroup2(v1), undefined)
})

const suite = setupSuite(t)
if (suite) {
  t.test("a container's exit code is crun run's exit code", async t => {
    const c = suite.start({ pid1: ['/bin/sh', '-c', 'echo out; echo err >&2; exit 3'] })
    const exit = await c.waitExit()
    t.equal(exit.code, 3)
    t.same(c.stdout.lines, ['out'])
    t.match(c.stderr.text, /err/)
  })

  t.test('crun kill reaches PID 1, and KILL after the stop timeout gives 137', async t => {
    const c = suite.start({ pid1: [node, fixture('signals.mjs'), '--exit-on', 'none'] })
    await c.stdout.waitFor(/^ready$/)
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 500 })
    t.ok(stop.killed, 'a PID 1 that ignores TERM needs KILL')
    t.equal(stop.exit.code, 137)
    t.match(c.stdout.text, /"signal":"SIGTERM"/, 'the TERM reached PID 1')
  })

  t.test('the zombie check sees zombies when PID 1 does not reap', async t => {
    // node as PID 1 never reaps what is not its own child: the check must report all 50.
    const c = suite.start({ pid1: [node, fixture('orphans.mjs'), '--count', '50', '--wait-ms', '500'] })
    const report = JSON.parse(await c.stdout.waitFor(/^\{"orphans"/)) as Record<string, number>
    t.same(report, { orphans: 50, reparented: 50, zombies: 50 })
    const seen = await containerProcesses((...argv) => c.exec(...argv))
    t.equal(seen.filter(p => p.state === 'Z').length, 50, 'crun exec sees the same zombies')
    await c.stop({ timeoutMs: 5000 })
  })

  t.test('the lost-lines check sees losses when PID 1 makes the pipe non-blocking', async t => {
    // node as PID 1 puts its stderr pipe in O_NONBLOCK when it first writes to it (after the
    // spawn here); the child shares that open file description and gets EAGAIN. Deterministic:
    // the child writes only once it sees the flag, and the reader stays stalled until the child
    // has written everything, so 30,000 lines (~300 KB) meet a full 64 KB pipe every time.
    const waitNonblock =
      'n=0; until [ $(( 0$(sed -n "s/^flags:[[:space:]]*//p" /proc/self/fdinfo/2) & 04000 )) -ne 0 ]; do' +
      ' n=$((n+1)); [ $n -gt 600 ] && { echo never-nonblocking; exit 9; }; sleep 0.05; done'
    const loop = `${waitNonblock}; i=0; while [ $i -lt 30000 ]; do echo "line $i" >&2; i=$((i+1)); done; echo written`
    const script = [
      `const c = require('child_process').spawn('/bin/sh', ['-c', ${JSON.stringify(loop)}], { stdio: 'inherit' })`,
      "setTimeout(() => process.stderr.write(''), 50)",
      'c.on("exit", code => process.exit(code))',
    ].join(';')
    const c = suite.start({ pid1: [node, '-e', script] })
    c.stderr.pause()
    await c.stdout.waitFor(/^(written|never-nonblocking)$/m, 120_000)
    c.stderr.resume()
    await c.waitExit(30_000)
    t.match(c.stdout.text, /^written$/m, 'the child saw its stderr turn non-blocking, then wrote every line')
    const lines = c.stderr.lines.filter(l => l.startsWith('line ')).length
    t.ok(lines < 30_000, `lines were lost (${lines} of 30000 arrived)`)
  })

  t.test('the inspector check sees a node PID 1 that lets SIGUSR1 open the inspector', async t => {
    const c = suite.start({ pid1: [node, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'] })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('USR1')
    await c.stderr.waitFor(/Debugger listening/)
    t.same(await pid1ListeningPorts((...argv) => c.exec(...argv)), [9229], 'PID 1 listens on 9229')
    await c.stop({ signal: 'KILL', timeoutMs: 5000 })
  })
}
