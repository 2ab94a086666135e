// --health-listen as PID 1: a flood of probe connections does not delay forwarding (latency
// measured with and without), and the endpoint still answers after.
import t, { type Test } from 'tap'
import { spawn } from 'node:child_process'
import { setTimeout as delay } from 'node:timers/promises'
import { type InitProcess } from './lib/init-process.js'
import { fixture, node } from './lib/paths.js'
import { freePort, httpRequest } from './lib/probes/net.js'
import { healthUp, startWithChild } from './lib/probes/health.js'
import { ms, nowNs, waitStamp } from './lib/probes/stamped.js'
import { Output } from './lib/output.js'
import { ourInitOnly } from './lib/inits.js'

ourInitOnly(t, '--health-listen')

/** Sends `count` SIGUSR1 to the init one after another; returns each forwarding latency (ms). */
async function forwardingLatencies(init: InitProcess, count: number) {
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
    await delay(20) // pace: 50 signals spread over ~1.5 s
  }
  return { latencies, lastNs }
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const summary = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} ms, p90 ${percentile(xs, 90).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms`

function startFlood(t: Test, port: number, connections: number, durationMs: number) {
  const proc = spawn(node, [fixture('probes/flood.cjs'), String(port), String(connections), String(durationMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => proc.exitCode === null && proc.kill('SIGKILL'))
  return new Output('flood', proc.stdout)
}

t.test('a flood of 2,000 probe connections over ~2 s does not delay signal forwarding', async t => {
  const SIGNALS = 50
  const port = await freePort()
  const { init, childPid } = await startWithChild(t, ['--health-listen', `127.0.0.1:${port}`])
  await healthUp(port)

  const quiet = await forwardingLatencies(init, SIGNALS)
  const flood = startFlood(t, port, 2000, 2000)
  await flood.waitFor(/^flood started/m, 10_000)
  const loaded = await forwardingLatencies(init, SIGNALS)
  const done = await flood.waitFor(/^flood done (\d+) (.*)$/m)
  const counts = JSON.parse(done[2]!) as { opened: number; errors: number; statuses: Record<string, number> }

  t.comment(`forwarding latency, ${SIGNALS} SIGUSR1 each: no flood ${summary(quiet.latencies)}; under the flood ${summary(loaded.latencies)}`)
  t.comment(`flood: ${JSON.stringify(counts)}`)
  t.ok(BigInt(done[1]!) > loaded.lastNs, 'the flood lasted until the last signal was measured')
  t.ok((counts.statuses['200'] ?? 0) > 100, `the flood reached the endpoint (${counts.statuses['200'] ?? 0} answered 200)`)
  t.equal(quiet.latencies.length + loaded.latencies.length, 2 * SIGNALS, 'every signal was forwarded')
  const p50 = percentile(loaded.latencies, 50)
  t.ok(p50 < 20, `p50 under the flood < 20 ms (${p50.toFixed(2)} ms)`)

  t.match(await httpRequest(port, '/livez'), { status: 200 }, 'the endpoint still answers after the flood')
  t.notOk(init.exit, 'the init is still running')
  t.notMatch(init.stdout.text, /child exiting/, `the child (pid ${childPid} in the namespace) still runs`)
  await init.kill('SIGTERM')
  t.equal((await init.waitExit()).code, 0, 'and it stops normally')
})
