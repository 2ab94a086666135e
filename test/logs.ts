// Logs: quiet by default; at -v, JSON lines on stderr ending with `exit`, even through a slow
// stderr pipe; stdout is the child's alone.
import t, { type Test } from 'tap'
import { startInit } from './lib/init-process.js'
import { hasLog, LEVEL, parseLog, withMsg, type LogLine } from './lib/log-lines.js'
import { modeArgs, modes, placements, type Mode } from './lib/modes.js'
import { fixture, node } from './lib/paths.js'
import { served, waitGot, waitReady } from './lib/stop/served.js'
import { gateNamer, orphansScript, release } from './lib/orphan-gate.js'

/** served.cjs `main` under the init: gets HUP (forwarded), then TERM, and exits 0. */
const command = served('main', '--exit-on', 'SIGTERM:0')
async function hupThenTerm(t: Test, mode: Mode, options: string[]) {
  const init = startInit(t, { pid1: mode.pid1, args: [...options, ...modeArgs(mode), ...command] })
  await waitReady(init, 'main')
  await init.kill('SIGHUP')
  await waitGot(init, 'main', 'SIGHUP')
  await init.kill('SIGTERM')
  const r = await init.waitExit()
  t.equal(r.code, 0)
  return r
}

/** The first line with msg (and matching fields), and its index. */
function find(logs: LogLine[], msg: string, fields: Record<string, unknown> = {}): [LogLine | undefined, number] {
  const i = logs.findIndex(l => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v))
  return [logs[i], i]
}

for (const mode of modes) {
  t.test(`the default level prints nothing on a clean run, ${mode.name}`, async t => {
    const r = await hupThenTerm(t, mode, [])
    t.equal(r.stderr, '', 'nothing on stderr (signals forwarded, child exited 0)')
  })

  t.test(`-v logs spawn, received, forward, child exited and exit as JSON, ${mode.name}`, async t => {
    const r = await hupThenTerm(t, mode, ['-v'])
    const { logs, other } = parseLog(r.stderr)
    t.same(other, [], 'every stderr line is a JSON log line')
    t.ok(logs.every(l => typeof l.level === 'number' && typeof l.time === 'number' && typeof l.msg === 'string'), 'each has level, time, msg')
    const target = mode.single ? 'child' : 'group'

    const [spawn, iSpawn] = find(logs, 'spawn')
    t.ok(spawn, 'a spawn line')
    t.same(spawn?.command, command, 'spawn names the command')
    t.equal(spawn?.target, target, `spawn names the target (${target})`)
    t.type(spawn?.pid, 'number', 'spawn gives the child\'s pid')
    const pid = spawn?.pid
    const [, iHup] = find(logs, 'received', { signal: 'SIGHUP' })
    const [fwd, iFwd] = find(logs, 'forward', { signal: 'SIGHUP' })
    t.ok(iHup > iSpawn, 'received SIGHUP after spawn')
    t.ok(iFwd > iHup, 'then forward SIGHUP')
    t.equal(fwd?.target, target, `forward names the target (${target})`)
    t.equal(fwd?.pid, pid, 'forward names the child\'s pid')
    const [, iTerm] = find(logs, 'received', { signal: 'SIGTERM' })
    t.ok(iTerm > iFwd, 'received SIGTERM')
    const [exited, iExited] = find(logs, 'child exited')
    t.ok(iExited > iTerm, 'child exited after that')
    t.equal(exited?.pid, pid, 'child exited names the pid')
    t.equal(exited?.code, 0, 'child exited gives the code')
    const last = logs.at(-1)
    t.equal(last?.msg, 'exit', 'the last line is exit')
    t.equal(last?.code, 0, 'exit gives the code')
    for (const l of [spawn, fwd, exited, last]) t.ok(l && l.level >= LEVEL.info && l.level < LEVEL.warn, `${l?.msg} is at info level`)
  })

  t.test(`stdout carries only the child's output, even at -vv, ${mode.name}`, async t => {
    const init = startInit(t, { pid1: mode.pid1, args: ['-vv', ...modeArgs(mode), 'sh', '-c', 'echo hello; echo world >&2'] })
    const r = await init.waitExit()
    t.equal(r.stdout, 'hello\n', 'stdout is exactly the child\'s')
    const { logs, other } = parseLog(r.stderr)
    t.same(other, ['world'], 'the only non-JSON stderr line is the child\'s')
    t.ok(logs.length > 0, 'the init logged')
    t.equal(logs.at(-1)?.msg, 'exit')
  })
}

for (const mode of placements) {
  t.test(`-v logs rewrite and drop, ${mode.name}`, async t => {
    const init = startInit(t, { pid1: mode.pid1, args: ['-v', '-r', 'HUP:USR2', '-r', 'WINCH:0', ...command] })
    await waitReady(init, 'main')
    await init.kill('SIGHUP')
    await waitGot(init, 'main', 'SIGUSR2')
    await init.kill('SIGWINCH')
    await init.stderr.waitFor(/"msg":"drop"/)
    await init.kill('SIGTERM')
    const r = await init.waitExit()
    t.ok(hasLog(r.stderr, { msg: 'rewrite', signal: 'SIGHUP', as: 'SIGUSR2' }), 'rewrite SIGHUP as SIGUSR2')
    t.ok(hasLog(r.stderr, { msg: 'forward', signal: 'SIGUSR2' }), 'forward SIGUSR2')
    t.notOk(hasLog(r.stderr, { msg: 'forward', signal: 'SIGHUP' }), 'no forward of SIGHUP')
    t.ok(hasLog(r.stderr, { msg: 'drop', signal: 'SIGWINCH' }), 'drop SIGWINCH')
    t.notOk(hasLog(r.stderr, { msg: 'forward', signal: 'SIGWINCH' }), 'no forward of SIGWINCH')
    t.equal(r.code, 0)
  })

  t.test(`the last line is exit, through a stderr pipe read slowly, ${mode.name}`, async t => {
    // The child fills the shared stderr pipe and exits while it is full.
    const init = startInit(t, {
      pid1: mode.pid1,
      args: ['-v', node, fixture('lines.cjs'), '20000'],
      stderrPace: { startPausedMs: 500, perChunkDelayMs: 20 },
    })
    const r = await init.waitExit(30_000, true)
    const lines = r.stderr.split('\n').filter(Boolean)
    t.equal(lines.filter(l => l.startsWith('err ')).length, 20_000, 'all the child\'s stderr lines')
    const last = parseLog(lines.at(-1) ?? '').logs[0]
    t.equal(last?.msg, 'exit', 'the last line is exit')
    t.equal(last?.code, 0)
    t.equal(r.code, 0)
  })

  t.test(`the init's own 3,000 debug lines and the final exit survive a stalled stderr pipe, ${mode.name}`, async t => {
    const fifo = gateNamer(t)()
    const init = startInit(t, { pid1: mode.pid1, args: ['-vv', 'sh', '-c', orphansScript(3000, fifo)], stderrPace: { startPaused: true, perChunkDelayMs: 20 } })
    await init.stdout.waitForProgressing(/^orphans 3000 /m, /^made \d+$/m, 30_000)
    // Nobody reads stderr yet: the init's "reaped" lines fill the pipe while the orphans exit.
    release(fifo)
    await init.kill('SIGTERM')
    setTimeout(() => init.stderr.resume(), 500)
    const r = await init.waitExit(30_000, true)
    const { logs, other } = parseLog(r.stderr)
    t.same(other, [], 'every stderr line is JSON')
    t.ok(r.stderr.length > 128 * 1024, `the init wrote more than two pipes' worth (${r.stderr.length} bytes)`)
    t.ok(withMsg(logs, 'reaped').length > 0, 'reaped lines are there')
    t.equal(logs.at(-1)?.msg, 'exit', 'the last line is exit')
    t.equal(logs.at(-1)?.code, 143)
    t.equal(r.code, 143)
  })
}
