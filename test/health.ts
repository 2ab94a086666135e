// --health-listen, as PID 1: off by default; GET /readyz 200 while running and 503 from the first
// moment of the stop sequence; GET /livez 200 until the init exits; bad requests get 400/404/405
// and change nothing; a bounded flood of probe connections does not delay signal forwarding.
import t, { type Test } from 'tap'
import { spawn } from 'node:child_process'
import { startInit, type InitProcess } from './lib/init-process.js'
import { parseLog, LEVEL } from './lib/log-lines.js'
import { fixture, node } from './lib/paths.js'
import { freePort, httpRequest, listeningPorts, rawRequest, type Reply } from './lib/probes/net.js'
import { ms, nowNs, stampOf, stamped, waitStamp, waitStampedReady } from './lib/probes/stamped.js'
import { Output } from './lib/output.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly } from './lib/inits.js'

ourInitOnly(t, '--health-listen')

/** Starts the init as PID 1 with `args` before the stamped child; waits for the child. */
async function startWithChild(t: Test, args: string[]): Promise<{ init: InitProcess; childPid: number }> {
  const init = startInit(t, { pid1: true, args: [...args, '--', ...stamped('child')] })
  const childPid = await waitStampedReady(init, 'child')
  return { init, childPid }
}

/** Resolves once GET /livez answers on `port` (the endpoint starts a moment after the child). */
function healthUp(port: number): Promise<Reply> {
  return waitUntil(`the health endpoint on ${port}`, async () => {
    const r = await httpRequest(port, '/livez')
    return r.status === 200 && r
  }, 10_000, 25)
}

t.test('without --health-listen nothing listens: the init holds no listening socket; with it, exactly the port asked', async t => {
  const port = await freePort()
  const [off, on] = await Promise.all([startWithChild(t, []), startWithChild(t, ['--health-listen', `127.0.0.1:${port}`])])
  await healthUp(port)
  t.same(listeningPorts(await off.init.pid()), [], 'off by default: no listening TCP socket in the init')
  t.same(listeningPorts(await on.init.pid()), [port], `with --health-listen 127.0.0.1:${port}: that port only`)
  await Promise.all([off.init.kill('SIGTERM'), on.init.kill('SIGTERM')])
  await Promise.all([off.init.waitExit(), on.init.waitExit()])
  t.match(await httpRequest(port, '/livez'), { error: 'ECONNREFUSED' }, 'the port is closed once the init has exited')
})

t.test('with --drain 2s: /readyz is 200 while running and 503 from the first moment of the stop sequence while the child still runs; /livez is 200 until the init exits', async t => {
  const port = await freePort()
  const { init } = await startWithChild(t, ['-v', '--drain', '2s', '--health-listen', `127.0.0.1:${port}`])
  await healthUp(port)
  t.match(await httpRequest(port, '/readyz'), { status: 200, body: 'ready\n' }, '/readyz 200 while running')
  t.match(await httpRequest(port, '/livez'), { status: 200, body: 'ok\n' }, '/livez 200 while running')

  await init.kill('SIGTERM')
  // The stop sequence begins when the init handles the signal, which it logs first thing. (A probe
  // answered in the same event-loop turn as the signal's arrival can still get 200: see the report.)
  await init.stderr.waitFor(/"msg":"stop: begin"/, 20_000)
  const first = await httpRequest(port, '/readyz')
  const firstAt = nowNs()
  t.match(first, { status: 503, body: 'stopping\n' }, 'the first /readyz once the stop sequence has begun is 503')

  // Probe both until the init exits (bounded: 200 rounds of ~25 ms, well past the 2 s drain).
  const probes: Array<{ path: string; at: bigint; reply: Reply }> = []
  for (let round = 0; round < 200 && !init.exit; round++) {
    for (const path of ['/readyz', '/livez']) probes.push({ path, reply: await httpRequest(port, path), at: nowNs() })
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  const r = await init.waitExit(10_000)
  const termNs = stampOf(r.stdout, 'child', 'got SIGTERM')
  const exitNs = stampOf(r.stdout, 'child', 'exiting')
  t.ok(termNs !== undefined && termNs > firstAt, `the child got TERM only after that 503 (${ms((termNs ?? 0n) - firstAt).toFixed(0)} ms later): it still ran`)

  const beforeChildExit = probes.filter(p => exitNs !== undefined && p.at < exitNs)
  const readyz = beforeChildExit.filter(p => p.path === '/readyz')
  t.ok(readyz.length >= 10, `/readyz was probed through the drain (${readyz.length} times)`)
  t.same(readyz.filter(p => p.reply.status !== 503).map(p => p.reply), [], '/readyz was 503 throughout the drain')
  const livez = probes.filter(p => p.path === '/livez')
  const firstDown = livez.findIndex(p => p.reply.status !== 200)
  const up = firstDown < 0 ? livez : livez.slice(0, firstDown)
  t.ok(up.length >= 10, `/livez was 200 through the drain (${up.length} times in a row)`)
  t.ok(firstDown < 0 || (exitNs !== undefined && livez[firstDown]!.at > exitNs), '/livez stopped answering 200 only after the child had exited')
  t.same(livez.slice(up.length).filter(p => p.reply.error !== 'ECONNREFUSED').map(p => p.reply), [],
    'and then only refused connections (the init had exited): never a 503 or an error status')
  t.equal(r.code, 0, "the init exits with the child's code")
})

/** Bad requests, each with the status it must get. */
const BAD: Array<{ what: string; request: string | Buffer; status: number | number[] }> = [
  { what: 'garbage bytes', request: Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]), status: 400 },
  { what: 'a line that is not HTTP', request: 'HELLO THERE\r\n\r\n', status: 400 },
  { what: 'an unknown path', request: 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n', status: 404 },
  { what: 'a path below /readyz', request: 'GET /readyz/x HTTP/1.1\r\nHost: x\r\n\r\n', status: 404 },
  { what: 'POST /readyz', request: 'POST /readyz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', status: 405 },
  { what: 'DELETE /livez', request: 'DELETE /livez HTTP/1.1\r\nHost: x\r\n\r\n', status: 405 },
  { what: 'a 64 KiB header', request: `GET /readyz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65536)}\r\n\r\n`, status: [400, 431] },
]

t.test('bad requests get 400, 404 or 405 and never disturb the init: it keeps forwarding, the child is unaffected, it does not exit', async t => {
  const port = await freePort()
  const { init } = await startWithChild(t, ['--health-listen', `127.0.0.1:${port}`])
  await healthUp(port)
  const before = init.stdout.text.length
  for (const bad of BAD) {
    const reply = await rawRequest(port, bad.request)
    const want = Array.isArray(bad.status) ? bad.status : [bad.status]
    t.ok(reply.status !== undefined && want.includes(reply.status), `${bad.what}: ${want.join(' or ')} (got ${reply.status ?? reply.error})`)
  }
  // A request cut off half-way, and a connection that says nothing and goes.
  await rawRequest(port, 'GET /readyz HTTP/1.1\r\nHo', 300)
  await rawRequest(port, '', 300)

  t.match(await httpRequest(port, '/readyz'), { status: 200 }, '/readyz is still 200')
  t.notOk(init.exit, 'the init has not exited')
  const from = init.stdout.text.length
  await init.kill('SIGHUP')
  await waitStamp(init, 'child', 'got SIGHUP', from, 20_000)
  t.pass('a HUP is still forwarded to the child')
  t.notMatch(init.stdout.text.slice(before), /child (started|exiting)/, 'the child neither restarted nor exited')
  await init.kill('SIGTERM')
  const r = await init.waitExit()
  t.equal(r.code, 0, 'and it stops normally')
  t.same(parseLog(r.stderr).logs.filter(l => l.level >= LEVEL.warn), [], 'no warning or error was logged')
})

/** Sends `count` SIGUSR1 to the init one after another; returns each forwarding latency (ms). */
async function forwardingLatencies(init: InitProcess, count: number): Promise<{ latencies: number[]; lastNs: bigint }> {
  const pid = await init.pid()
  const latencies: number[] = []
  let from = init.stdout.text.length
  let lastNs = 0n
  for (let i = 0; i < count; i++) {
    const sentNs = nowNs()
    process.kill(pid, 'SIGUSR1')
    const got = await waitStamp(init, 'child', 'got SIGUSR1', from, 20_000)
    latencies.push(ms(got.ns - sentNs))
    from = got.end
    lastNs = got.ns
    await new Promise(resolve => setTimeout(resolve, 20)) // pace: 50 signals spread over ~1.5 s
  }
  return { latencies, lastNs }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const summary = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} ms, p90 ${percentile(xs, 90).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms`

/** A flood of probe connections under test/fixtures/probes/flood.cjs. */
function startFlood(t: Test, port: number, connections: number, durationMs: number) {
  const proc = spawn(node, [fixture('probes/flood.cjs'), String(port), String(connections), String(durationMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => proc.exitCode === null && proc.kill('SIGKILL'))
  return new Output('flood', proc.stdout)
}

t.test('a flood of 2,000 probe connections over ~2 s does not delay signal forwarding by more than a few ms', async t => {
  const SIGNALS = 50
  const port = await freePort()
  const { init, childPid } = await startWithChild(t, ['--health-listen', `127.0.0.1:${port}`])
  await healthUp(port)

  const quiet = await forwardingLatencies(init, SIGNALS)
  const flood = startFlood(t, port, 2000, 2000)
  await flood.waitFor(/^flood started/m, 10_000)
  const loaded = await forwardingLatencies(init, SIGNALS)
  const done = await flood.waitFor(/^flood done (\d+) (.*)$/m, 20_000)
  const counts = JSON.parse(done[2]!) as { opened: number; errors: number; statuses: Record<string, number> }

  t.comment(`forwarding latency, ${SIGNALS} SIGUSR1 each: no flood ${summary(quiet.latencies)}; under the flood ${summary(loaded.latencies)}`)
  t.comment(`flood: ${JSON.stringify(counts)}`)
  t.ok(BigInt(done[1]!) > loaded.lastNs, 'the flood lasted until the last signal was measured')
  t.ok((counts.statuses['200'] ?? 0) > 100, `the flood reached the endpoint (${counts.statuses['200'] ?? 0} answered 200)`)
  t.equal(quiet.latencies.length + loaded.latencies.length, 2 * SIGNALS, 'every signal was forwarded')
  t.ok(percentile(loaded.latencies, 50) < 20, `p50 under the flood < 20 ms (${percentile(loaded.latencies, 50).toFixed(2)} ms)`)

  t.match(await httpRequest(port, '/livez'), { status: 200 }, 'the endpoint still answers after the flood')
  t.notOk(init.exit, 'the init is still running')
  t.notMatch(init.stdout.text, /child exiting/, `the child (pid ${childPid} in the namespace) still runs`)
  await init.kill('SIGTERM')
  t.equal((await init.waitExit()).code, 0, 'and it stops normally')
})
