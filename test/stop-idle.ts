// --drain-until-idle as PID 1, tcp-sink.py in a grandchild: the drain goes on while any connection
// to the child's listeners gets data, ends once all are quiet for the idle time; --drain bounds it.
import t, { type Test } from 'tap'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { startInit, runInit } from './lib/init-process.js'
import { keepAlive, shortUntil, streamUntil, type Sent } from './lib/idle/tcp-clients.js'
import { fixture, python } from './lib/paths.js'
import { shellJoin } from './lib/shell.js'
import { firstLog, stopSteps, timeline } from './lib/log-lines.js'
import { signalAt } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { CLOCK_SLACK_MS, IDLE_MS, POLL_MS } from './lib/stop/bounds.js'

ourInitOnly(t, 'the stop sequence')

// Two at a time: the clients' timing is each case's premise, and starving them breaks it.
t.jobs = 2

/** Room for a loaded machine on top of a poll: generous, but far below any --drain here. */
const LATE_MS = 1500

const IDLE_END = 'stop: drain ended early, the connections are idle'

interface Ports { v4: number; v6: number; queued: number }

/** The sink in a grandchild (sh, its parent, ignores TERM and exits with the sink's code), once ready. */
async function startSink(t: Test, drain = '60s', extra: string[] = []) {
  const script = `trap '' TERM; ${shellJoin([python, fixture('stop/tcp-sink.py')])}; exit $?`
  const init = startInit(t, { pid1: true, args: ['-v', '--drain', drain, '--drain-until-idle', `${IDLE_MS}ms`, ...extra, 'sh', '-c', script] })
  const m = await init.stdout.waitFor(/^sink ready \d+ (\d+) (\d+) (\d+)$/m, 10_000)
  return { init, ports: { v4: Number(m[1]), v6: Number(m[2]), queued: Number(m[3]) } }
}

/** The case's premise: the client never paused as long as the idle time. */
function premise(t: Test, sent: Sent, note = '') {
  t.ok(sent.maxGapMs < IDLE_MS - CLOCK_SLACK_MS, `premise: the client never paused for the idle time (longest gap ${sent.maxGapMs} ms${note})`)
}

/** Streams to the sink's IPv4 listener; the function returned ends it and gives what was sent. */
function streamToV4(t: Test, ports: Ports) {
  let until = Infinity
  const sending = streamUntil(t, '127.0.0.1', ports.v4, 100, () => until)
  return () => ((until = 0), sending)
}

/** [behaviour, the traffic that goes on until `until`] */
const traffic: Array<[string, (t: Test, ports: Ports, until: () => number) => Promise<Sent>]> = [
  ['data on a connection still in the accept queue (never accepted, IPv4)', (t, p, until) => streamUntil(t, '127.0.0.1', p.queued, 100, until)],
  ['data on an accepted IPv6 connection', (t, p, until) => streamUntil(t, '::1', p.v6, 100, until)],
  ['short connections, each opened and closed between two reads', (t, p, until) => shortUntil(t, '127.0.0.1', p.v4, 150, until)],
]

for (const [behaviour, send] of traffic) {
  t.test(`${behaviour} keeps the drain going until all is quiet for the idle time, as PID 1`, parallel(), async t => {
    const { init, ports } = await startSink(t)
    await keepAlive(t, '127.0.0.1', ports.v4)
    await keepAlive(t, '::1', ports.v6)
    const lagMs = 1000 + Math.round(Math.random() * 1000)
    let termAt = Infinity
    const sending = send(t, ports, () => termAt + lagMs)
    await delay(300) // traffic before the stop signal too
    termAt = await signalAt(init, 'SIGTERM')
    const sent = await sending
    const r = await init.waitExit(lagMs + 20_000)
    t.equal(r.code, 0, 'the sink got TERM after the drain and exited 0')
    const idle = firstLog(r.stderr, IDLE_END)
    const info = { lagMs, sent, timeline: timeline(r.stderr) }
    t.ok(idle, 'the drain ended on idle', info)
    const quietFrom = sent.lastAt - termAt
    const endedAt = Number(idle?.elapsedMs)
    t.ok(sent.count >= 5, `the client sent ${sent.count} times during the lag`)
    premise(t, sent, '; a starved machine fails here, not below')
    t.ok(endedAt >= quietFrom + IDLE_MS - CLOCK_SLACK_MS, `not before the traffic had been quiet for 1 s (ended +${endedAt} ms, last data +${quietFrom} ms)`, info)
    t.ok(endedAt <= quietFrom + IDLE_MS + POLL_MS + LATE_MS, `soon after (ended +${endedAt} ms, last data +${quietFrom} ms)`, info)
    t.match(idle, { ended: 'idle', idleMs: IDLE_MS, listeners: 3 }, 'the log says why and what it watched')
    t.ok(Number(idle?.open) >= 2 && idle?.idle === idle?.open, `the keep-alives were open and idle (open ${idle?.open}, idle ${idle?.idle})`)
    t.same(stopSteps(r.stderr).map(s => s.msg), [
      'stop: begin', 'stop: watching connections', IDLE_END, 'stop: action', 'stop: child exited, sequence ends',
    ], 'the stop timeline shows it', info)
    const watched = firstLog(r.stderr, 'stop: watching connections')?.listeners as string[] | undefined
    t.same([...(watched ?? [])].sort(), [`127.0.0.1:${ports.v4}`, `127.0.0.1:${ports.queued}`, `[::1]:${ports.v6}`].sort(), 'it found the three listeners of the grandchild')
  })
}

t.test('a connection that never goes quiet holds the drain to --drain, as PID 1', parallel(), async t => {
  const { init, ports } = await startSink(t, '3s')
  await keepAlive(t, '127.0.0.1', ports.v4)
  const stopSending = streamToV4(t, ports)
  const termAt = await signalAt(init, 'SIGTERM')
  const r = await init.waitExit()
  premise(t, await stopSending())
  t.equal(r.code, 0)
  const done = firstLog(r.stderr, 'stop: drain done')
  t.match(done, { ended: 'upper bound', drainMs: 3000, open: 2, idle: 1, listeners: 3 }, 'upper bound, 2 open, 1 of them idle', { timeline: timeline(r.stderr) })
  t.ok(Number(done?.elapsedMs) >= 3000 && Date.now() - termAt >= 3000 - CLOCK_SLACK_MS, `after the full 3 s (+${done?.elapsedMs} ms)`)
  t.notOk(firstLog(r.stderr, IDLE_END))
})

t.test('with --drain-until-file too, the file ends a drain a busy connection holds, as PID 1', parallel(), async t => {
  const file = join(tempDir(t), 'app-exited')
  const { init, ports } = await startSink(t, '60s', ['--drain-until-file', file])
  const stopSending = streamToV4(t, ports)
  await signalAt(init, 'SIGTERM')
  await init.stderr.waitFor(/"msg":"stop: watching connections"/, 5000)
  // Longer than the idle time: only the busy connection keeps the drain going until the file.
  await delay(IDLE_MS + 500)
  const wroteAt = Date.now()
  writeFileSync(file, '0\n')
  const r = await init.waitExit()
  premise(t, await stopSending())
  t.equal(r.code, 0)
  const end = firstLog(r.stderr, 'stop: drain ended early, the file is there')
  t.match(end, { ended: 'file' }, 'the file ended it', { timeline: timeline(r.stderr) })
  t.notOk(firstLog(r.stderr, IDLE_END), 'not idle: the connection kept receiving')
  // The end's log time, on the host's clock like wroteAt: elapsedMs counts from the TERM's
  // arrival, which a busy machine delays (121 ms after termAt once).
  const endedAt = Number(end?.time)
  t.ok(endedAt >= wroteAt - CLOCK_SLACK_MS && Number(end?.elapsedMs) < 20_000, `when the file came (ended ${endedAt - wroteAt} ms after the write, +${end?.elapsedMs} ms into the drain), long before the 60 s bound`)
})

t.test('--drain-until-idle without --drain is refused', parallel(), async t => {
  const marker = join(tempDir(t), 'ran')
  const r = await runInit(t, { pid1: true, args: ['--drain-until-idle', '1s', 'touch', marker] })
  t.equal(r.code, 2)
  const lines = r.stderr.trim().split('\n')
  t.equal(lines.length, 1, 'one line')
  t.match(lines[0], /--drain-until-idle "1s": needs --drain as its upper bound/)
  t.notOk(existsSync(marker), 'the command never ran')
})
