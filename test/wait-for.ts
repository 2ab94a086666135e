// --wait-for and --wait-timeout as PID 1: the child starts only once every target is ready.
import t, { type Test } from 'tap'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Server } from 'node:net'
import { startInit, type InitProcess } from './lib/init-process.js'
import { parseLog, LEVEL } from './lib/log-lines.js'
import { childrenOf } from './lib/processes.js'
import { freePort, listenOn } from './lib/probes/net.js'
import { ms, nowNs, stamped, waitStamp } from './lib/probes/stamped.js'
import { waitReady } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'

ourInitOnly(t, '--wait-for')

t.jobs = 4

/** How long a target stays not ready in each case: the child must not start meanwhile (ms). */
const HOLD_MS = 600
/** Once the last target is ready the child starts within this (the init polls every 100 ms). */
const START_BOUND_MS = 3000

/** A target the test makes ready when it chooses. */
interface Target {
  arg: string
  makeReady(): Promise<void>
}

async function tcpTarget(t: Test) {
  const port = await freePort()
  let server: Server | undefined
  t.teardown(() => server?.close())
  return { arg: `tcp://127.0.0.1:${port}`, makeReady: async () => void (server = await listenOn(port)) }
}

function scratch(t: Test) {
  const dir = tempDir(t, 'gi-wait-')
  return { dir, marker: join(dir, 'started') }
}

function fileTarget(dir: string, name: string) {
  const path = join(dir, name)
  return { arg: `file:${path}`, makeReady: async () => writeFileSync(path, 'ready\n') }
}

/** Starts the init as PID 1 waiting for `targets`; the child writes `marker` when it starts. */
function startWaiting(t: Test, targets: Target[], marker: string, extra: string[] = []) {
  const waits = targets.flatMap(target => ['--wait-for', target.arg])
  return startInit(t, { pid1: true, args: ['-v', ...waits, ...extra, '--', ...stamped('child', '--marker', marker)] })
}

function waitingFor(init: InitProcess, target: Target) {
  return init.stderr.waitFor(new RegExp(`"target":"${target.arg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}","msg":"waiting for"`), 10_000)
}

async function checkHeld(t: Test, init: InitProcess, marker: string, what: string) {
  const pid = await init.pid()
  const held = () => !existsSync(marker) && childrenOf(pid).length === 0 && !init.exit
  let checks = 0
  for (const until = Date.now() + HOLD_MS; Date.now() < until && held(); checks++) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  t.ok(held(), `no child while ${what} (${checks} checks over ${HOLD_MS} ms)`)
}

/** Starts the init waiting for `targets`, readies them in `order` checking the child is held
 * before each, then that it starts. */
async function readyInOrder(t: Test, marker: string, targets: Target[], order = targets) {
  const init = startWaiting(t, targets, marker)
  await waitingFor(init, targets[0]!)
  let lastReadyNs = 0n
  for (const target of order) {
    await checkHeld(t, init, marker, `${target.arg} is not ready`)
    lastReadyNs = nowNs()
    await target.makeReady()
  }
  const started = await waitStamp(init, 'child', 'started', 0, 10_000)
  const after = ms(started.ns - lastReadyNs)
  t.ok(after > 0, `the child started after the last target was ready (${after.toFixed(1)} ms after)`)
  t.ok(after < START_BOUND_MS, `and soon after it (< ${START_BOUND_MS} ms)`)
  await waitReady(init, 'child')
  await init.kill('SIGTERM')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 0, 'the init then runs it as usual (exit 0 on TERM)')
}

/** [behaviour, the one target] */
const single: [string, (t: Test, dir: string) => Target | Promise<Target>][] = [
  ['--wait-for tcp://127.0.0.1:PORT holds the child until a listener appears on the port', t => tcpTarget(t)],
  ['--wait-for file:PATH holds the child until the file exists', (_, dir) => fileTarget(dir, 'ready')],
]
for (const [behaviour, makeTarget] of single) {
  t.test(behaviour, parallel(), async t => {
    const { dir, marker } = scratch(t)
    await readyInOrder(t, marker, [await makeTarget(t, dir)])
  })
}

for (const order of ['tcp then file', 'file then tcp']) {
  t.test(`--wait-for is repeatable: both targets must be ready (made ready ${order})`, parallel(), async t => {
    const { dir, marker } = scratch(t)
    const tcp = await tcpTarget(t)
    const file = fileTarget(dir, 'ready')
    await readyInOrder(t, marker, [tcp, file], order === 'tcp then file' ? [tcp, file] : [file, tcp])
  })
}

for (const kind of ['tcp', 'file'] as const) {
  t.test(`--wait-timeout 500ms with the ${kind} target never ready: exit 1, no child, an error naming it`, parallel(), async t => {
    const { dir, marker } = scratch(t)
    const target = kind === 'tcp' ? await tcpTarget(t) : fileTarget(dir, 'never')
    const spawnedAt = Date.now()
    const init = startWaiting(t, [target], marker, ['--wait-timeout', '500ms'])
    const r = await init.waitExit(10_000)
    const took = Date.now() - spawnedAt
    t.equal(r.code, 1, 'exit 1')
    t.ok(took >= 500 && took < 8000, `it gave up after the timeout (${took} ms after the spawn)`)
    t.notOk(existsSync(marker), 'the child never started (no marker file)')
    t.notMatch(r.stdout, /child started/, 'and printed nothing')
    const errors = parseLog(r.stderr).logs.filter(l => l.level >= LEVEL.error)
    t.equal(errors.length, 1, 'one error line', { stderr: r.stderr })
    t.match(errors[0], { target: target.arg, msg: /gave up waiting/ }, 'it names the target')
  })
}

t.test('a TERM while waiting: the init exits 143 without starting the child', parallel(), async t => {
  const { marker } = scratch(t)
  const tcp = await tcpTarget(t)
  const init = startWaiting(t, [tcp], marker)
  await waitingFor(init, tcp)
  const sentAt = Date.now()
  await init.kill('SIGTERM')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 143, 'exit 143 (128 + TERM)')
  t.ok(Date.now() - sentAt < 3000, `at once (${Date.now() - sentAt} ms)`)
  t.notOk(existsSync(marker), 'the child never started (no marker file)')
  t.notMatch(r.stdout, /child/, 'the child printed nothing')
})
