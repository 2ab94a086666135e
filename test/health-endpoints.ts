// --health-listen as PID 1: off by default, else exactly that port; /readyz 200 while running and
// 503 from the stop sequence's start; /livez 200 until the init exits.
import t from 'tap'
import { setTimeout as delay } from 'node:timers/promises'
import { freePort, httpRequest, listeningPorts, type Reply } from './lib/probes/net.js'
import { healthUp, startWithChild } from './lib/probes/health.js'
import { ms, nowNs, stampOf } from './lib/probes/stamped.js'
import { ourInitOnly } from './lib/inits.js'

ourInitOnly(t, '--health-listen')

t.test('without --health-listen nothing listens; with it, exactly the port asked', async t => {
  const port = await freePort()
  const [off, on] = await Promise.all([startWithChild(t, []), startWithChild(t, ['--health-listen', `127.0.0.1:${port}`])])
  await healthUp(port)
  t.same(listeningPorts(await off.init.pid()), [], 'off by default: no listening TCP socket in the init')
  t.same(listeningPorts(await on.init.pid()), [port], `with --health-listen 127.0.0.1:${port}: that port only`)
  await Promise.all([off.init.kill('SIGTERM'), on.init.kill('SIGTERM')])
  await Promise.all([off.init.waitExit(), on.init.waitExit()])
  t.match(await httpRequest(port, '/livez'), { error: 'ECONNREFUSED' }, 'the port is closed once the init has exited')
})

t.test('with --drain 2s: /readyz is 503 from the start of the stop sequence; /livez is 200 until the init exits', async t => {
  const port = await freePort()
  const { init } = await startWithChild(t, ['-v', '--drain', '2s', '--health-listen', `127.0.0.1:${port}`])
  await healthUp(port)
  t.match(await httpRequest(port, '/readyz'), { status: 200, body: 'ready\n' }, '/readyz 200 while running')
  t.match(await httpRequest(port, '/livez'), { status: 200, body: 'ok\n' }, '/livez 200 while running')

  await init.kill('SIGTERM')
  // The sequence begins when the init logs this (a probe answered in the signal's event-loop turn
  // can still get 200: see the report).
  await init.stderr.waitFor(/"msg":"stop: begin"/)
  const first = await httpRequest(port, '/readyz')
  const firstAt = nowNs()
  t.match(first, { status: 503, body: 'stopping\n' }, 'the first /readyz once the stop sequence has begun is 503')

  // Probe both until the init exits (bounded: 200 rounds of ~25 ms, well past the 2 s drain).
  const probes: Array<{ path: string; at: bigint; reply: Reply }> = []
  for (let round = 0; round < 200 && !init.exit; round++) {
    for (const path of ['/readyz', '/livez']) probes.push({ path, reply: await httpRequest(port, path), at: nowNs() })
    await delay(25)
  }
  const r = await init.waitExit(10_000)
  const termNs = stampOf(r.stdout, 'child', 'got SIGTERM')
  const exitNs = stampOf(r.stdout, 'child', 'exiting')
  t.ok(termNs !== undefined && termNs > firstAt, `the child got TERM only after that 503 (${ms((termNs ?? 0n) - firstAt).toFixed(0)} ms later): it still ran`)

  const readyz = probes.filter(p => p.path === '/readyz' && exitNs !== undefined && p.at < exitNs)
  t.ok(readyz.length >= 10, `/readyz was probed through the drain (${readyz.length} times)`)
  t.same(readyz.filter(p => p.reply.status !== 503).map(p => p.reply), [], '/readyz was 503 throughout the drain')
  const livez = probes.filter(p => p.path === '/livez')
  const firstDown = livez.findIndex(p => p.reply.status !== 200)
  const up = firstDown < 0 ? livez : livez.slice(0, firstDown)
  t.ok(up.length >= 10, `/livez was 200 through the drain (${up.length} times in a row)`)
  t.ok(firstDown < 0 || (exitNs !== undefined && livez[firstDown]!.at > exitNs), '/livez stopped answering 200 only after the child had exited')
  // A probe whose connection the kernel had queued as the init closed its port and exited is
  // reset rather than refused (seen at load ~230): the init is gone either way.
  const gone = new Set(['ECONNREFUSED', 'ECONNRESET'])
  t.same(livez.slice(up.length).filter(p => !gone.has(p.reply.error ?? '')).map(p => p.reply), [],
    'and then only refused (or, in the instant of the exit, reset) connections: never a 503 or an error status')
  t.equal(r.code, 0, "the init exits with the child's code")
})
