// The child's stdio: 30,000 lines to a stdout pipe and 30,000 to a stderr pipe arrive whole,
// even with the init logging at debug level on the same stderr (Node leaves a pipe it touched
// non-blocking, and a child sharing that open file would then fail with EAGAIN).
import t from 'tap'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes } from './lib/modes.js'
import { fixture, python } from './lib/paths.js'

const N = 30_000

/** The lines `${prefix} 0` .. `${prefix} N-1`, as a string to compare. */
function expected(prefix: string): string[] {
  return Array.from({ length: N }, (_, i) => `${prefix} ${i}`)
}

for (const mode of modes) {
  t.test(`a child's 30,000 stdout and 30,000 stderr lines all arrive, -vv, ${mode.name}`, async t => {
    // Reading starts late and goes slowly, so the pipes fill up and the child's writes block.
    const init = startInit(t, {
      pid1: mode.pid1,
      args: ['-vv', ...modeArgs(mode), python, '-S', fixture('lines.py'), String(N)],
      stdoutPace: { startPausedMs: 300, perChunkDelayMs: 2 },
      stderrPace: { startPausedMs: 300, perChunkDelayMs: 2 },
    })
    const r = await init.waitExit(30_000)
    t.equal(r.code, 0, 'the child exits 0 (no write failed)', { stderrTail: r.stderr.slice(-600) })
    const out = r.stdout.split('\n').filter(Boolean)
    const err = r.stderr.split('\n').filter(l => l !== '' && !l.startsWith('{'))
    t.equal(out.length, N, 'stdout has exactly 30,000 lines')
    t.equal(err.length, N, 'stderr has exactly 30,000 lines that are not the init\'s logs')
    t.ok(sameLines(out, expected('out')), 'stdout lines are the child\'s, complete and in order')
    t.ok(sameLines(err, expected('err')), 'stderr lines are the child\'s, complete and in order')
  })
}

function sameLines(got: string[], want: string[]): boolean {
  return got.length === want.length && got.every((l, i) => l === want[i])
}
