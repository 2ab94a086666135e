// examples/nginx run for real: its Dockerfile's flags and its nginx.conf (ports and paths
// changed), in front of an app that holds a request; TERM as `docker stop` sends it.
import t from 'tap'
import { firstLog, fullTimeline } from '../lib/log-lines.js'
import { descendantsOf } from '../lib/processes.js'
import { freePort } from '../lib/probes/net.js'
import { get } from '../lib/stop/http-load.js'
import { waitUntil } from '../lib/wait.js'
import { assertCleanStop, startExample, waitLog, waitRefusing, waitServing } from '../lib/examples/init.js'
import { adaptConfig, dockerfile, flagValue, initFlags, STDIO_LOGS } from '../lib/examples/recipe.js'
import { cannotRun, holdingApp, nginxCmd, sharedTempDir } from '../lib/examples/servers.js'

t.test('examples/nginx: TERM → 5s drain → QUIT; the request in flight completes', { skip: cannotRun(t, ['nginx']) }, async t => {
  const app = await holdingApp(t)
  const port = await freePort()
  const dir = sharedTempDir(t, 'gi-ex-nginx-')
  const conf = adaptConfig('nginx/nginx.conf', dir, [
    ['listen 8080;', `listen 127.0.0.1:${port};`],
    ['server app:3000;', `server 127.0.0.1:${app.port};`],
    ['pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`],
    ...STDIO_LOGS(dir),
  ])
  const { entrypoint, cmd } = dockerfile('nginx/Dockerfile')
  const flags = initFlags(entrypoint)
  t.same([flagValue(flags, '--rewrite'), flagValue(flags, '--drain')], ['TERM:QUIT', '5s'], 'the example rewrites TERM to QUIT and drains 5s')
  const init = startExample(t, [...flags, ...nginxCmd(cmd, conf)])
  const log = (msg: string) => firstLog(init.stderr.text, msg)

  await waitServing(port, '/healthz', [init])
  t.match(await get(port, '/hello'), { status: 200, body: 'fast /hello\n' }, 'nginx proxies to the app')
  const procs = descendantsOf(await init.pid())
  const inFlight = get(port, '/slow', 30_000)
  await waitUntil('the app to hold the request', () => app.held() === 1, 5000)

  await init.kill('SIGTERM')
  await waitLog(init, 'stop: begin')
  t.match(await get(port, '/during-drain'), { status: 200 }, 'during the drain, nginx still serves new requests')
  t.notOk(log('stop: action'), 'and has not been signalled yet')

  const forward = await waitLog(init, 'forward', 10_000)
  t.match(log('rewrite'), { signal: 'SIGTERM', as: 'SIGQUIT' }, 'TERM is rewritten to QUIT')
  t.match(forward, { signal: 'SIGQUIT', target: 'group' }, 'QUIT goes to nginx, master and workers')
  t.ok(Number(log('stop: action')?.elapsedMs) >= 5000, 'after the 5s drain', { timeline: fullTimeline(init.stderr.text) })

  await waitRefusing(port)
  t.pass('after QUIT nginx accepts no new connection')
  t.equal(init.exit, undefined, 'but still runs: a request is in flight')
  app.release()
  t.match(await inFlight, { status: 200, body: 'slow done\n' }, 'the request in flight at QUIT completes with 200')

  assertCleanStop(t, 'nginx', init, await init.waitExit(10_000), procs)
})
