// examples/node-app for real (readiness port changed): TERM as from `docker stop` with a slow
// request in flight.
import t from 'tap'
import { join } from 'node:path'
import { firstLog, fullTimeline } from '../lib/log-lines.js'
import { descendantsOf } from '../lib/processes.js'
import { healthUp } from '../lib/probes/health.js'
import { freePort } from '../lib/probes/net.js'
import { get } from '../lib/stop/http-load.js'
import { ourInitOnly } from '../lib/inits.js'
import { assertCleanStop, startExample, waitLog, waitRefusing, waitServing } from '../lib/examples/init.js'
import { dockerfile, examples, flagValue, initFlags, substitute } from '../lib/examples/recipe.js'

ourInitOnly(t, 'the recipes use its flags')

t.test('examples/node-app: readiness off at TERM, 5s drain, TERM, the request in flight completes', async t => {
  const [port, healthPort] = [await freePort(), await freePort()]
  const { entrypoint, cmd } = dockerfile('node-app/Dockerfile')
  const flags = initFlags(entrypoint)
  const args = [...substitute(flags.join('\0'), [[':9000', `127.0.0.1:${healthPort}`]], 'node-app ENTRYPOINT').split('\0'), ...cmd]
  t.same([flagValue(flags, '--drain'), flagValue(flags, '--grace')], ['5s', '20s'], 'the example drains 5s and gives 20s of grace')
  const init = startExample(t, args, { cwd: join(examples, 'node-app'), env: { PORT: String(port), HOST: '127.0.0.1' } })
  const log = (msg: string) => firstLog(init.stderr.text, msg)

  await waitServing(port, '/healthz', [init])
  await healthUp(healthPort) // the init's endpoint listens a moment after its child starts (refused once beside two yes)
  t.match(await get(healthPort, '/readyz'), { status: 200 }, '/readyz is 200 while serving')
  const procs = descendantsOf(await init.pid())
  // A slow request that is in flight when the app gets TERM (5s after the init does).
  const inFlight = get(port, '/work?ms=6500', 30_000)
  await init.kill('SIGTERM')
  await waitLog(init, 'stop: begin')
  t.match(await get(healthPort, '/readyz'), { status: 503 }, '/readyz is 503 from the stop signal on')
  t.match(await get(port, '/'), { status: 200, body: 'hello\n' }, 'while the app still serves new requests')

  await waitLog(init, 'forward', 10_000)
  t.match(log('forward'), { signal: 'SIGTERM' }, 'the app gets TERM')
  t.ok(Number(log('stop: action')?.elapsedMs) >= 5000, 'after the 5s drain', { timeline: fullTimeline(init.stderr.text) })
  await waitRefusing(port)
  t.pass('then the app accepts no new connection')
  const reply = await inFlight
  t.match(reply, { status: 200, body: 'worked 6500 ms\n' }, 'the request in flight at TERM completes with 200')

  const exit = await init.waitExit(10_000)
  t.ok(log('child exited')!.time >= reply.end - 50, 'the app exits once it has answered')
  assertCleanStop(t, 'node-app', init, exit, procs)
})
