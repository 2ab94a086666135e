// examples/sidecar for real: the proxy (nginx) and app under two inits; the proxy starts after
// the app listens and drains until the app's exit file.
import t from 'tap'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { firstLog, fullTimeline } from '../lib/log-lines.js'
import { descendantsOf } from '../lib/processes.js'
import { accepts, freePort } from '../lib/probes/net.js'
import { get } from '../lib/stop/http-load.js'
import { assertCleanStop, startExample, waitLog, waitServing } from '../lib/examples/init.js'
import { adaptConfig, compose, examples, flagValue, initFlags, STDIO_LOGS, type ComposeService } from '../lib/examples/recipe.js'
import { cannotRun, nginxCmd, sharedTempDir } from '../lib/examples/servers.js'

t.test('examples/sidecar: the proxy starts after the app and stops after it', { skip: cannotRun(t, ['nginx']) }, async t => {
  const [appPort, proxyPort] = [await freePort(), await freePort()]
  const dir = sharedTempDir(t, 'gi-ex-sidecar-')
  const shared = join(dir, 'shared')
  mkdirSync(shared)
  const { proxy, app } = compose('sidecar/compose.yaml') as { proxy: ComposeService; app: ComposeService }
  const adapt = (flags: string[]) =>
    flags.map(f => f.replace(/^\/shared\//, `${shared}/`).replace(/^tcp:\/\/127\.0\.0\.1:8080$/, `tcp://127.0.0.1:${appPort}`))
  const proxyFlags = adapt(initFlags(proxy.entrypoint!))
  const appFlags = adapt(initFlags(app.entrypoint!))
  t.equal(flagValue(proxyFlags, '--wait-for'), `tcp://127.0.0.1:${appPort}`, 'the proxy waits for the app to accept')
  t.equal(flagValue(proxyFlags, '--drain-until-file'), flagValue(appFlags, '--exit-file'), "the proxy's drain waits for the app's exit file")
  const conf = adaptConfig('sidecar/nginx.conf', dir, [
    ['listen 8000;', `listen 127.0.0.1:${proxyPort};`],
    ['proxy_pass http://127.0.0.1:8080;', `proxy_pass http://127.0.0.1:${appPort};`],
    ['pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`],
    ...STDIO_LOGS(dir),
  ])

  // The proxy first: it holds nginx until the app listens.
  const proxyInit = startExample(t, [...proxyFlags, ...nginxCmd(proxy.command!, conf)])
  await waitLog(proxyInit, 'waiting for')
  t.notOk(firstLog(proxyInit.stderr.text, 'spawn'), 'nginx is not started while the app is not there')
  t.notOk(await accepts(proxyPort), 'and the proxy port is closed')
  // An exit file from an earlier run of the app (its container restarted in the same pod).
  const exitFile = flagValue(appFlags, '--exit-file')!
  writeFileSync(exitFile, '1\n')
  const appInit = startExample(t, [...appFlags, ...app.command!], {
    cwd: join(examples, 'node-app'),
    env: { ...app.environment, PORT: String(appPort), HOST: '127.0.0.1' },
  })
  await waitLog(appInit, 'spawn', 15_000)
  t.notOk(existsSync(exitFile), "the app's graceful-init removed the stale exit file as it started")
  await waitLog(proxyInit, 'spawn', 15_000)
  t.match(await waitServing(proxyPort, '/healthz', [proxyInit, appInit]), { body: 'ok\n' }, 'once the app listens, nginx starts and proxies to it')
  const [proxyProcs, appProcs] = [descendantsOf(await proxyInit.pid()), descendantsOf(await appInit.pid())]

  // A slow request through the proxy, in flight when the app gets TERM (5s after the init).
  const inFlight = get(proxyPort, '/work?ms=6500', 30_000)
  await Promise.all([proxyInit.kill('SIGTERM'), appInit.kill('SIGTERM')])
  await Promise.all([waitLog(proxyInit, 'stop: begin'), waitLog(appInit, 'stop: begin')])
  t.match(await get(proxyPort, '/'), { status: 200, body: 'hello\n' }, 'during the drain, requests go through')

  const appExit = await appInit.waitExit(15_000)
  const reply = await inFlight
  t.match(reply, { status: 200, body: 'worked 6500 ms\n' }, 'the request in flight when the app got TERM completes, through the proxy')
  t.equal(readFileSync(exitFile, 'utf8'), '0\n', 'the app wrote its exit file')
  const early = await waitLog(proxyInit, 'stop: drain ended early, the file is there', 5000)
  const action = await waitLog(proxyInit, 'stop: action', 5000)
  const timelines = { proxy: fullTimeline(proxyInit.stderr.text), app: fullTimeline(appInit.stderr.text) }
  t.ok(early.time >= firstLog(appInit.stderr.text, 'child exited')!.time, "the proxy's drain ends when the app has exited", timelines)
  t.ok(action.time >= reply.end - 50, 'after the last response went through it')
  t.match(await waitLog(proxyInit, 'forward'), { signal: 'SIGQUIT' }, 'nginx gets QUIT')
  const proxyExit = await proxyInit.waitExit(10_000)

  assertCleanStop(t, 'app', appInit, appExit, appProcs)
  assertCleanStop(t, 'proxy', proxyInit, proxyExit, proxyProcs)
})
