// The container's stdout and stderr are pipes, as under Docker without -t: the child must get
// them as blocking pipes, or a child that writes faster than the log reader loses lines.
// (harness.ts shows the loss when PID 1 is a bare Node program.)
import t from 'tap'
import { setTimeout as delay } from 'node:timers/promises'
import { setupSuite } from './lib/suite.js'

const O_NONBLOCK = 0o4000
const LINES = 30_000
/** sh writes LINES lines to stderr, then "done" to stdout; a failed write shows as a message. */
const writeLines = `i=0; while [ $i -lt ${LINES} ]; do echo "line $i" >&2; i=$((i+1)); done; echo done`

const suite = setupSuite(t)
if (suite) {
  t.test("the child's stdout and stderr are blocking, even after graceful-init has logged", async t => {
    const show = 'grep ^flags /proc/self/fdinfo/1 /proc/self/fdinfo/2; exit 0'
    const c = suite.start({
      init: { verbose: true },
      cmd: ['/bin/sh', '-c', `trap '${show}' HUP; echo ready; while :; do sleep 0.05; done`],
    })
    await c.stdout.waitFor(/^ready$/)
    await c.kill('HUP')
    t.equal((await c.waitExit()).code, 0, 'exit code', { stderr: c.stderr.text })
    const flags = c.stdout.lines.filter(l => l.includes('flags:')).map(l => parseInt(l.split('\t')[1] ?? '', 8))
    t.equal(flags.length, 2, 'read both flags', { stdout: c.stdout.text })
    t.same(flags.map(f => f & O_NONBLOCK), [0, 0], 'no O_NONBLOCK on fd 1 and 2')
  })

  t.test(`a child writing ${LINES} lines to a stalled stderr pipe loses none`, async t => {
    // -v: graceful-init writes to the same stderr pipe after the spawn.
    const c = suite.start({ init: { verbose: true }, cmd: ['/bin/sh', '-c', writeLines] })
    c.stderr.pause()
    await delay(500) // the reader stalls (a slow log driver); the pipe fills up meanwhile
    c.stderr.resume()
    t.equal((await c.waitExit(30_000)).code, 0)
    const lines = c.stderr.lines.filter(l => l.startsWith('line '))
    t.equal(lines.length, LINES, 'every line arrived', { other: c.stderr.lines.filter(l => !l.startsWith('line ')).slice(0, 5) })
    t.same(c.stdout.lines, ['done'])
  })
}
