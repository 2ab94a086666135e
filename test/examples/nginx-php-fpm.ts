// examples/nginx-php-fpm run for real: two inits as the pod's two containers, each with its
// Dockerfile's flags and its config (ports and paths changed); php-fpm drains until nginx's exit file.
import t, { type Test } from 'tap'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { firstLog, fullTimeline } from '../lib/log-lines.js'
import { descendantsOf } from '../lib/processes.js'
import { accepts, freePort } from '../lib/probes/net.js'
import { get } from '../lib/stop/http-load.js'
import { waitUntil } from '../lib/wait.js'
import { fastcgiGet } from '../lib/examples/fastcgi.js'
import { assertCleanStop, startExample, waitLog, waitRefusing, waitServing } from '../lib/examples/init.js'
import { adaptConfig, dockerfile, examples, flagValue, initFlags, STDIO_LOGS, substitute } from '../lib/examples/recipe.js'
import { cannotRun, nginxCmd, phpFpmBin, sharedTempDir } from '../lib/examples/servers.js'

/** The example's document root, plus hold.php: a request held in flight. */
function webRoot(dir: string) {
  const [www, hold] = [join(dir, 'www'), join(dir, 'hold')]
  mkdirSync(join(www, 'public'), { recursive: true })
  mkdirSync(hold)
  chmodSync(hold, 0o777) // the PHP workers (www-data) mark there that they started
  writeFileSync(join(www, 'public', 'index.php'), readFileSync(join(examples, 'nginx-php-fpm/public/index.php')))
  writeFileSync(join(www, 'public', 'hold.php'), `<?php
$f = '${hold}/' . basename($_GET['id'] ?? 'x');
touch("$f.started");
$end = microtime(true) + 20;
while (!file_exists("$f.release") && microtime(true) < $end) usleep(20000);
header('Content-Type: text/plain');
echo file_exists("$f.release") ? "released\\n" : "not released\\n";
`)
  return { www, hold }
}

/** Both inits' argv: the Dockerfiles' flags and CMDs, pointed at the adapted configs. */
function commands(t: Test, dir: string, www: string, nginxPort: number, fpmPort: number) {
  const shared = join(dir, 'shared')
  mkdirSync(shared)
  const nginxConf = adaptConfig('nginx-php-fpm/nginx.conf', dir, [
    ['listen 8080;', `listen 127.0.0.1:${nginxPort};`],
    ['fastcgi_pass php-fpm:9000;', `fastcgi_pass 127.0.0.1:${fpmPort};`],
    ['root /var/www/html/public;', `root ${www}/public;`],
    ['pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`],
    ...STDIO_LOGS(dir),
  ])
  const fpmConf = adaptConfig('nginx-php-fpm/php-fpm.conf', dir, [
    ['listen = 9000', `listen = 127.0.0.1:${fpmPort}`],
    ['error_log = /proc/self/fd/2', `error_log = ${dir}/php-fpm.log`],
  ])
  const toShared = (flags: string[]) => flags.map(f => f.replace(/^\/shared\//, `${shared}/`))
  const nginxImage = dockerfile('nginx-php-fpm/Dockerfile.nginx')
  const fpmImage = dockerfile('nginx-php-fpm/Dockerfile.php-fpm')
  const fpmFlags = toShared(initFlags(fpmImage.entrypoint))
  const nginxFlags = toShared(initFlags(nginxImage.entrypoint))
  const exitFile = flagValue(nginxFlags, '--exit-file')!
  t.equal(flagValue(fpmFlags, '--drain-until-file'), exitFile, "php-fpm's drain waits for nginx's exit file")
  const [fpmBinName, ...fpmArgs] = fpmImage.cmd
  t.match(fpmBinName, /^php-fpm/, 'the php-fpm image runs php-fpm')
  const fpmCmd = [phpFpmBin!, ...substitute(fpmArgs.join('\0'), [['/etc/php/8.2/fpm/php-fpm.conf', fpmConf]], 'Dockerfile.php-fpm CMD').split('\0')]
  return { exitFile, fpm: [...fpmFlags, ...fpmCmd], nginx: [...nginxFlags, ...nginxCmd(nginxImage.cmd, nginxConf)] }
}

t.test('examples/nginx-php-fpm: nginx drains and QUITs, php-fpm outlives it, then QUITs too', { skip: cannotRun(t, ['nginx', 'php-fpm']) }, async t => {
  const [nginxPort, fpmPort] = [await freePort(), await freePort()]
  const dir = sharedTempDir(t, 'gi-ex-php-')
  const { www, hold } = webRoot(dir)
  const argv = commands(t, dir, www, nginxPort, fpmPort)
  const fpm = startExample(t, argv.fpm)
  const nginx = startExample(t, argv.nginx)
  const nginxLog = (msg: string) => firstLog(nginx.stderr.text, msg)
  const timelines = () => ({ nginx: fullTimeline(nginx.stderr.text), fpm: fullTimeline(fpm.stderr.text) })
  // ?ms=20 shows the query string got through (PHP's default is 0); the page busy-waits, so it
  // says 20 or more. "after 0 ms" for ?ms=0 once failed when the worker was descheduled (6 ms).
  const page = await waitServing(nginxPort, '/index.php?ms=20', [nginx, fpm])
  t.match(page, { body: /^hello from php-fpm \d+ after \d+ ms/ }, 'nginx passes PHP to php-fpm')
  t.ok(Number(/after (\d+) ms/.exec(page.body ?? '')?.[1]) >= 20, `with its query string (${page.body?.trim()})`)
  const [nginxProcs, fpmProcs] = [descendantsOf(await nginx.pid()), descendantsOf(await fpm.pid())]

  const started = (id: string) => waitUntil(`hold.php?id=${id} to start`, () => existsSync(join(hold, `${id}.started`)), 5000)
  const release = (id: string) => writeFileSync(join(hold, `${id}.release`), '')
  const a = get(nginxPort, '/hold.php?id=a', 30_000)
  await started('a')

  // At the same moment, as a pod's containers.
  await Promise.all([nginx.kill('SIGTERM'), fpm.kill('SIGTERM')])
  await Promise.all([waitLog(nginx, 'stop: begin'), waitLog(fpm, 'stop: begin')])
  t.match(await get(nginxPort, '/index.php?ms=300'), { status: 200, body: /after 3\d\d ms/ }, 'during the drain, new requests are served end to end')

  await waitLog(nginx, 'forward', 10_000)
  t.match(nginxLog('forward'), { signal: 'SIGQUIT' }, 'nginx gets QUIT after its drain')
  t.ok(Number(nginxLog('stop: action')?.elapsedMs) >= 5000, 'after 5s', { timeline: timelines().nginx })
  await waitRefusing(nginxPort)
  t.pass('then nginx accepts no new connection')
  t.ok(await accepts(fpmPort), 'php-fpm still does: it outlives nginx')
  t.notOk(firstLog(fpm.stderr.text, 'stop: action'), 'php-fpm has not been signalled yet')

  // In php-fpm when its QUIT comes (sent straight to it: nginx is stopping and takes none).
  const c = fastcgiGet(fpmPort, join(www, 'public', 'hold.php'), 'id=c')
  await started('c')
  release('a')
  t.match(await a, { status: 200, body: 'released\n' }, 'the request in flight through nginx at its QUIT completes with 200')
  const nginxExit = await nginx.waitExit(10_000)
  t.equal(readFileSync(argv.exitFile, 'utf8'), '0\n', "nginx's exit file holds its exit code")

  const early = await waitLog(fpm, 'stop: drain ended early, the file is there', 5000)
  const fpmAction = await waitLog(fpm, 'stop: action', 5000)
  t.ok(early.time >= nginxLog('child exited')!.time, "php-fpm's drain ends once nginx has exited", timelines())
  t.ok(Number(fpmAction.elapsedMs) < 20_000, 'well before its 25s upper bound')
  t.match(await waitLog(fpm, 'forward'), { signal: 'SIGQUIT' }, 'php-fpm gets QUIT')
  t.equal(fpm.exit, undefined, 'php-fpm keeps running while a script runs')
  release('c')
  t.match(await c, /\r\n\r\nreleased\n$/, 'the script running at php-fpm\'s QUIT completes')
  const fpmExit = await fpm.waitExit(10_000)

  assertCleanStop(t, 'nginx', nginx, nginxExit, nginxProcs)
  assertCleanStop(t, 'php-fpm', fpm, fpmExit, fpmProcs)
})
