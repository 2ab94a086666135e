// 30,000 lines each to stdout and stderr pipes arrive whole, even with the init logging on the
// same stderr (Node leaves a pipe it touched non-blocking: a child sharing it would get EAGAIN).
// In a container they are FIFOs, as under Docker without -t: blocking.
import t from 'tap'
import { setTimeout as delay } from 'node:timers/promises'
import { containerColumn } from './lib/container/suite.js'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes } from './lib/modes.js'
import { fixture, node } from './lib/paths.js'

const N = 30_000

/** Whether `got` is exactly the lines `${prefix} 0` .. `${prefix} N-1`. */
const sameLines = (got: string[], prefix: string) => got.length === N && got.every((l, i) => l === `${prefix} ${i}`)

for (const mode of modes) {
  t.test(`a child's 30,000 stdout and 30,000 stderr lines all arrive, -vv, ${mode.name}`, async t => {
    // Reading starts late and goes slowly, so the pipes fill up and the child's writes block.
    const pace = { startPausedMs: 300, perChunkDelayMs: 2 }
    const args = ['-vv', ...modeArgs(mode), node, fixture('lines.cjs'), String(N)]
    const init = startInit(t, { pid1: mode.pid1, args, stdoutPace: pace, stderrPace: pace })
    const r = await init.waitExit(30_000, true)
    t.equal(r.code, 0, 'the child exits 0 (no write failed)', { stderrTail: r.stderr.slice(-600) })
    const out = r.stdout.split('\n').filter(Boolean)
    const err = r.stderr.split('\n').filter(l => l !== '' && !l.startsWith('{'))
    t.equal(out.length, N, 'stdout has exactly 30,000 lines')
    t.equal(err.length, N, 'stderr has exactly 30,000 lines that are not the init\'s logs')
    t.ok(sameLines(out, 'out'), 'stdout lines are the child\'s, complete and in order')
    t.ok(sameLines(err, 'err'), 'stderr lines are the child\'s, complete and in order')
  })
}

const O_NONBLOCK = 0o4000
const writeLines = `i=0; while [ $i -lt ${N} ]; do echo "line $i" >&2; i=$((i+1)); done`

containerColumn(t, 'stdio', (t, suite) => {
  t.test("the child's stdout and stderr are blocking, even after graceful-init has logged", async t => {
    const show = 'grep ^flags /proc/self/fdinfo/1 /proc/self/fdinfo/2; exit 0'
    const c = suite.start({ init: { verbose: true }, cmd: ['/bin/sh', '-c', `trap '${show}' HUP; echo ready; while :; do sleep 0.05; done`] })
    await c.stdout.waitFor(/^ready$/m)
    await c.kill('HUP')
    t.equal((await c.waitExit()).code, 0, 'exit 0', { stderr: c.stderr.text })
    const flags = c.stdout.lines().filter(l => l.includes('flags:')).map(l => parseInt(l.split('\t')[1] ?? '', 8))
    t.equal(flags.length, 2, 'read both flags', { stdout: c.stdout.text })
    t.same(flags.map(f => f & O_NONBLOCK), [0, 0], 'no O_NONBLOCK on fd 1 and 2')
  })

  t.test(`a child writing ${N} lines to a stalled stderr pipe loses none`, async t => {
    // -v: graceful-init writes to the same stderr pipe after the spawn.
    const c = suite.start({ init: { verbose: true }, cmd: ['/bin/sh', '-c', `${writeLines}; echo done`] })
    c.stderr.pause()
    await delay(500) // the reader stalls (a slow log driver); the pipe fills up meanwhile
    c.stderr.resume()
    t.equal((await c.waitExit(30_000)).code, 0)
    const lines = c.stderr.lines().filter(l => l.startsWith('line '))
    t.equal(lines.length, N, 'every line arrived', { other: c.stderr.lines().filter(l => !l.startsWith('line ')).slice(0, 5) })
    t.same(c.stdout.lines(), ['done'])
  })

  t.test('negative control: the lost-lines check sees losses when PID 1 makes the pipe non-blocking', async t => {
    // node as PID 1 sets O_NONBLOCK on its stderr at its first write (after the spawn here), and
    // the child sharing that file gets EAGAIN. Deterministic: the child writes once it sees the
    // flag, and the reader stalls until it is done, so ~300 KB meet a full 64 KB pipe every time.
    const waitNonblock =
      'n=0; until [ $(( 0$(sed -n "s/^flags:[[:space:]]*//p" /proc/self/fdinfo/2) & 04000 )) -ne 0 ]; do' +
      ' n=$((n+1)); [ $n -gt 600 ] && { echo never-nonblocking; exit 9; }; sleep 0.05; done'
    const loop = `${waitNonblock}; ${writeLines}; echo written`
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
    const lines = c.stderr.lines().filter(l => l.startsWith('line ')).length
    t.ok(lines < N, `lines were lost (${lines} of ${N} arrived)`)
  })
})
