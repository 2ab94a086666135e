// Pre-stop hooks as PID 1 and in a container: run inside the drain, bounded by --hook-timeout;
// their output goes to the init's stderr, their codes to its log, never to its exit code.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { modeArgs, modes } from './lib/modes.js'
import { findTagged } from './lib/processes.js'
import { firstLog, stopSteps, timeline } from './lib/log-lines.js'
import { gotSignals, signalAt, startPid1Child, waitGot, waitReady } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'
import { CLOCK_SLACK_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

t.jobs = 4

/** The lines hooks appended to `file`, split at spaces. */
function records(file: string) {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => l.split(' '))
}

/** A hook command that appends "NAME $GRACEFUL_INIT_SIGNAL $GRACEFUL_INIT_CHILD_PID START_MS $0" to `file`. */
function recordHook(name: string, file: string, then = '') {
  return `echo "${name} $GRACEFUL_INIT_SIGNAL $GRACEFUL_INIT_CHILD_PID $(date +%s%3N) $0" >> ${file}${then ? `; ${then}` : ''}`
}

for (const mode of modes.filter(m => m.pid1)) {
  t.test(`--pre-stop hooks run in order via /bin/sh -c, logged, and never change the exit code, ${mode.name}`, parallel(), async t => {
    const file = join(tempDir(t), 'hooks')
    const init = await startPid1Child(t, ['-v', ...modeArgs(mode),
      '--pre-stop', recordHook('h0', file, 'echo h0-says-out; echo h0-says-err >&2; sleep 0.3; exit 3'),
      '--pre-stop', recordHook('h1', file, 'false | true'),
      '--pre-stop', recordHook('h2', file, 'exit 0')], ['SIGTERM:7'])
    const childPid = await waitReady(init, 'child')
    await signalAt(init, 'SIGTERM')
    const r = await init.waitExit(15_000)
    t.equal(r.code, 7, "the init exits with the child's code, whatever the hooks' codes", { stderr: r.stderr })

    const rec = records(file)
    t.same(rec.map(l => l[0]), ['h0', 'h1', 'h2'], 'every hook ran, in order')
    for (const l of rec) {
      t.equal(l[1], 'SIGTERM', `${l[0]}: GRACEFUL_INIT_SIGNAL=SIGTERM`)
      t.equal(l[2], String(childPid), `${l[0]}: GRACEFUL_INIT_CHILD_PID is the child's pid (${childPid})`)
      t.match(l[4], /(^|\/)sh$/, `${l[0]}: run by sh -c ($0 is ${l[4]})`)
    }
    const [h0 = NaN, h1 = NaN] = rec.map(l => Number(l[3]))
    t.ok(h1 - h0 >= 300, `h1 started after h0 had finished (${h1 - h0} ms later)`)

    t.match(r.stderr, /^h0-says-out$/m, "a hook's stdout reaches the init's stderr")
    t.match(r.stderr, /^h0-says-err$/m, "a hook's stderr reaches the init's stderr")
    t.notMatch(r.stdout, /h0-says/, "and nothing of it reaches the init's stdout")

    const ends = stopSteps(r.stderr).filter(l => l.msg === 'stop: hook done' || l.msg === 'stop: hook failed')
    t.same(ends.map(l => [l.hook, l.code]), [[0, 3], [1, 0], [2, 0]], 'each hook logged with its exit code', { timeline: timeline(r.stderr) })
    t.equal(ends[0]?.msg, 'stop: hook failed', 'the failing hook is logged as failed')
    const failedMs = Number(ends[0]?.durationMs)
    t.ok(failedMs >= 300 && failedMs < 5000, `with its duration (${failedMs} ms)`)
    t.ok(ends.every(l => typeof l.durationMs === 'number'), 'every hook logged with a duration')
    t.ok((ends[0]?.level ?? 0) >= 40, 'a failed hook is a warning, seen at the default level too')
  })
}

/** [behaviour, drain, hook, expected lowest delay of the stop action after the stop signal] */
const insideDrain: [string, string, string, number][] = [
  ['hooks shorter than the drain: the stop action waits for the drain', '1500ms', 'sleep 0.2', 1500],
  ['hooks longer than the drain: the stop action waits for the hooks', '300ms', 'sleep 1.5', 1500],
]

for (const [behaviour, drain, hook, lowestMs] of insideDrain) {
  t.test(`hooks run inside the drain; ${behaviour}, as PID 1`, parallel(), async t => {
    const init = await startPid1Child(t, ['-v', '--drain', drain, '--pre-stop', hook], ['SIGTERM:0'])
    const sent = await signalAt(init, 'SIGTERM')
    const termAt = await waitGot(init, 'child', 'SIGTERM', 0, 10_000)
    const r = await init.waitExit(10_000)
    const delay = termAt - sent
    t.ok(delay >= lowestMs - CLOCK_SLACK_MS && delay < lowestMs + 3000, `TERM reached the child ${delay} ms after the stop signal`, { timeline: timeline(r.stderr) })
    const start = firstLog(r.stderr, 'stop: hook start')
    t.ok(start && Number(start.elapsedMs) < 500, 'the hook started at once, not after the drain')
    t.equal(r.code, 0)
  })
}

t.test('--hook-timeout kills a hook with its process group, and the sequence goes on, as PID 1', parallel(), async t => {
  const file = join(tempDir(t), 'hooks')
  const init = await startPid1Child(t, ['-v', '--hook-timeout', '700ms',
    '--pre-stop', 'sleep 31 & sleep 32; echo never >> ' + file,
    '--pre-stop', recordHook('second', file)], ['SIGUSR2:0'])
  const sent = await signalAt(init, 'SIGTERM')
  const termAt = await waitGot(init, 'child', 'SIGTERM', 0, 10_000)
  t.ok(termAt - sent >= 700 - CLOCK_SLACK_MS && termAt - sent < 5000, `the stop action came after the timeout (${termAt - sent} ms)`)
  // The child ignores TERM and keeps the namespace alive: the hook's processes must be gone by now.
  const left = await waitUntil('the hook processes to be gone', () => {
    const live = findTagged(init.tag, argv => argv[0] === 'sleep' && (argv[1] === '31' || argv[1] === '32'))
    return live.length === 0 ? [] : undefined
  }, 3000).catch(() => findTagged(init.tag, argv => argv[0] === 'sleep'))
  t.same(left, [], "the hook's shell and its background job were killed")
  await signalAt(init, 'SIGUSR2')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 0)
  t.same(records(file).map(l => l[0]), ['second'], 'the next hook ran; the timed-out one never finished')
  const out = firstLog(r.stderr, 'stop: hook timed out, killed')
  t.match(out, { hook: 0, timedOut: true }, 'the timeout is logged', { timeline: timeline(r.stderr) })
  const outMs = Number(out?.durationMs)
  t.ok(outMs >= 700 - CLOCK_SLACK_MS && outMs < 5000, `with its duration (${outMs} ms)`)
  t.ok((out?.level ?? 0) >= 40, 'as a warning')
})

containerColumn(t, 'pre-stop hooks', (t, suite) => {
  t.test('--pre-stop hooks run inside the container before the stop signal reaches the child', async t => {
    const hook = 'echo "pre-stop $GRACEFUL_INIT_SIGNAL child=$GRACEFUL_INIT_CHILD_PID" >&2; sleep 1; exit 9'
    const c = await startServed(suite, { extra: ['--pre-stop', hook] })
    const stop = await c.stop({ signal: 'TERM', timeoutMs: 10_000 })
    t.match(c.stderr.text, /^pre-stop (SIG)?TERM child=\d+$/m, "the hook's output and environment")
    const delay = (gotSignals(c.stdout.text, 'child')[0]?.at ?? NaN) - stop.sentAt
    t.ok(delay >= 1000 && delay < 5000, `TERM reached the child after the 1 s hook (${delay} ms)`)
    t.equal(stop.exit.code, 7, 'the exit code is the child’s, not the failed hook’s (9)')
  })
})
