// The recipes in examples/, run for real on 127.0.0.1: each server under graceful-init as real
// PID 1, with the example's own graceful-init flags (read from its Dockerfile, compose.yaml or
// Procfile) and its own nginx.conf / php-fpm.conf (ports and paths substituted into a copy in a
// temp dir), then stopped with TERM as `docker stop` or the kubelet would. Each case checks that
// requests in flight complete with 200, that the init exits 0 without having to kill anything,
// and that no process is left. Needs Debian's nginx-light and php-fpm (php8.2-fpm).
import t, { type Test } from 'tap'
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer, request, type ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { startInit, type InitExit, type InitProcess } from './lib/init-process.js'
import { parseLog, type LogLine } from './lib/log-lines.js'
import { repoRoot } from './lib/paths.js'
import { childrenOf, isRunning, runningTagged, type ProcStat } from './lib/processes.js'
import { accepts, freePort } from './lib/probes/net.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil, withTimeout } from './lib/wait.js'
import { otherInit, initCommand } from './lib/inits.js'

// The cases mostly wait (drains of 5s): a few at a time keeps the file well under a minute.
t.jobs = 3

const examples = join(repoRoot, 'examples')
/** The init's info lines (what the READMEs show), asked for by environment: the flags stay the example's. */
const VERBOSE = { GRACEFUL_INIT_VERBOSE: '1' }

// ---------------------------------------------------------------------------------------------
// Reading the examples

/** The JSON-form ENTRYPOINT and CMD of a Dockerfile. */
function dockerfile(path: string): { entrypoint: string[]; cmd: string[] } {
  const text = readFileSync(join(examples, path), 'utf8')
  const form = (word: string): string[] => {
    const m = new RegExp(`^${word}\\s+(\\[.*\\])\\s*$`, 'm').exec(text)
    if (!m) throw new Error(`${path}: no JSON-form ${word}`)
    return JSON.parse(m[1]!) as string[]
  }
  return { entrypoint: form('ENTRYPOINT'), cmd: form('CMD') }
}

interface ComposeService {
  entrypoint?: string[]
  command?: string[]
  environment?: Record<string, string>
  stop_grace_period?: string
  build?: { dockerfile?: string } | string
}

function compose(path: string): Record<string, ComposeService> {
  return (parseYaml(readFileSync(join(examples, path), 'utf8')) as { services: Record<string, ComposeService> }).services
}

/** graceful-init's own arguments in an entrypoint, up to and including `--`. */
function initFlags(entrypoint: string[]): string[] {
  if (!/(^|\/)graceful-init$/.test(entrypoint[0] ?? '')) throw new Error(`not graceful-init: ${entrypoint.join(' ')}`)
  if (entrypoint.at(-1) !== '--') throw new Error(`the entrypoint should end with --: ${entrypoint.join(' ')}`)
  return entrypoint.slice(1)
}

/** Replaces each `from` (which must be there: the example changed otherwise) by `to`. */
function substitute(text: string, pairs: Array<[string, string]>, what: string): string {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${what}: "${from}" not found; update test/examples.ts`)
    text = text.split(from).join(to)
  }
  return text
}

/** The example's config with the substitutions, written into dir; returns its path. */
function adaptConfig(example: string, dir: string, pairs: Array<[string, string]>): string {
  const out = join(dir, example.replace(/\//g, '-'))
  writeFileSync(out, substitute(readFileSync(join(examples, example), 'utf8'), pairs, example))
  return out
}

/**
 * The examples log to /dev/stdout (a container's log): the harness's stdout is a socket, which
 * cannot be opened by path (ENXIO), so the access log goes to a file instead.
 */
const STDIO_LOGS = (dir: string): Array<[string, string]> => [['access_log /dev/stdout;', `access_log ${dir}/access.log;`]]

function flagValue(flags: string[], name: string): string | undefined {
  const i = flags.indexOf(name)
  return i >= 0 ? flags[i + 1] : undefined
}

// ---------------------------------------------------------------------------------------------
// The servers the tests need, from Debian

function findBinary(...candidates: string[]): string | undefined {
  for (const c of candidates) if (existsSync(c)) return c
  return undefined
}
const nginxBin = findBinary('/usr/sbin/nginx')
const phpFpmBin =
  findBinary('/usr/sbin/php-fpm') ??
  (existsSync('/usr/sbin')
    ? readdirSync('/usr/sbin').filter(f => /^php-fpm\d+\.\d+$/.test(f)).sort().map(f => `/usr/sbin/${f}`).at(-1)
    : undefined)
const noNginx = nginxBin ? false : 'nginx is not installed (apt-get install nginx-light)'
const noPhpFpm = phpFpmBin ? false : 'php-fpm is not installed (apt-get install php-fpm)'
const notOurs = otherInit ? 'graceful-init only (GI_TEST_INIT is set)' : false
// A missing server is a failure, not a quiet skip: .ci/run installs both.
for (const missing of [noNginx, noPhpFpm]) if (missing && !notOurs) t.fail(missing)

/** The example's nginx CMD, pointed at the adapted config (and errors on stderr from the start). */
function nginxCommand(cmd: string[], conf: string): string[] {
  if (cmd[0] !== 'nginx') throw new Error(`not nginx: ${cmd.join(' ')}`)
  return [nginxBin!, '-e', 'stderr', '-c', conf, ...cmd.slice(1)]
}

// ---------------------------------------------------------------------------------------------
// Network helpers (127.0.0.1 only)

interface Reply {
  status: number
  body: string
  /** When the response ended (ms since the epoch). */
  at: number
}

/** One GET on a fresh connection (no keep-alive). */
function get(port: number, path: string, timeoutMs = 10_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, at: Date.now() }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${path} on ${port}: no answer in ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end()
  })
}

/** Polls until GET path answers 200 (the server is up); a failure shows what the inits logged. */
async function waitServing(port: number, path: string, inits: InitProcess[], timeoutMs = 10_000): Promise<Reply> {
  try {
    return await waitUntil(`GET ${path} on 127.0.0.1:${port} to answer 200`, async () => {
      try {
        const reply = await get(port, path, 2000)
        return reply.status === 200 && reply
      } catch {
        return false
      }
    }, timeoutMs, 50)
  } catch (err) {
    const seen = inits.map(i => `stderr:\n${i.stderr.text.slice(-3000)}\nstdout:\n${i.stdout.text.slice(-1000)}`)
    throw new Error(`${(err as Error).message}\n${seen.join('\n')}`)
  }
}

/** Polls until connections to the port are refused (the server stopped accepting). */
function waitRefusing(port: number, timeoutMs = 5000): Promise<true> {
  return waitUntil(`127.0.0.1:${port} to refuse connections`, async () => !(await accepts(port)), timeoutMs, 25)
}

/**
 * An app for nginx to proxy to: GET /slow is held until release(), anything else answers at
 * once. `held` counts the requests being held.
 */
async function holdingApp(t: Test): Promise<{ port: number; held: () => number; release: () => void }> {
  const waiting: ServerResponse[] = []
  const server = createHttpServer((req, res) => {
    if (req.url === '/slow') return void waiting.push(res)
    res.end(`fast ${req.url}\n`)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    server.closeAllConnections()
    server.close()
  })
  return {
    port: (server.address() as { port: number }).port,
    held: () => waiting.length,
    release: () => {
      for (const res of waiting.splice(0)) res.end('slow done\n')
    },
  }
}

/** A minimal FastCGI client: one GET of a PHP script; resolves with its output (headers + body). */
function fastcgiGet(port: number, script: string, query: string, timeoutMs = 15_000): Promise<string> {
  const record = (type: number, content: Buffer) => {
    const header = Buffer.alloc(8)
    header.writeUInt8(1, 0) // version
    header.writeUInt8(type, 1)
    header.writeUInt16BE(1, 2) // request id
    header.writeUInt16BE(content.length, 4)
    return Buffer.concat([header, content])
  }
  const pair = (name: string, value: string) => {
    const [n, v] = [Buffer.from(name), Buffer.from(value)]
    if (n.length > 127 || v.length > 127) throw new Error('fastcgiGet: keep names and values short')
    return Buffer.concat([Buffer.from([n.length, v.length]), n, v])
  }
  const params = Buffer.concat([
    pair('SCRIPT_FILENAME', script),
    pair('REQUEST_METHOD', 'GET'),
    pair('QUERY_STRING', query),
    pair('SERVER_PROTOCOL', 'HTTP/1.1'),
  ])
  const begin = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]) // role responder, close the connection after
  return withTimeout(`FastCGI ${script}?${query}`, new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    let data = Buffer.alloc(0)
    socket.on('data', chunk => (data = Buffer.concat([data, chunk])))
    socket.on('error', reject)
    socket.on('close', () => {
      let out = ''
      for (let off = 0; off + 8 <= data.length;) {
        const type = data.readUInt8(off + 1)
        const length = data.readUInt16BE(off + 4)
        const padding = data.readUInt8(off + 6)
        if (type === 6) out += data.subarray(off + 8, off + 8 + length).toString('utf8') // STDOUT
        off += 8 + length + padding
      }
      resolve(out)
    })
    socket.write(Buffer.concat([record(1, begin), record(4, params), record(4, Buffer.alloc(0)), record(5, Buffer.alloc(0))]))
  }), timeoutMs)
}

// ---------------------------------------------------------------------------------------------
// The init under test

/** Every process below pid (host pids), breadth first. */
function descendants(pid: number): ProcStat[] {
  const out: ProcStat[] = []
  for (let queue = [pid]; queue.length > 0;) {
    for (const child of childrenOf(queue.shift()!)) {
      out.push(child)
      queue.push(child.pid)
    }
  }
  return out
}

function logs(init: InitProcess): LogLine[] {
  return parseLog(init.stderr.text).logs
}

function logLine(init: InitProcess, msg: string): LogLine | undefined {
  return logs(init).find(l => l.msg === msg)
}

/** Waits for the init's first log line with this msg. */
async function waitLog(init: InitProcess, msg: string, timeoutMs = 10_000): Promise<LogLine> {
  const quoted = `"msg":${JSON.stringify(msg)}`.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')
  await init.stderr.waitFor(new RegExp(quoted), timeoutMs)
  return logLine(init, msg)!
}

function timeline(init: InitProcess): string {
  return logs(init).map(l => `${l.time} ${l.msg} ${JSON.stringify({ ...l, level: undefined, time: undefined, msg: undefined, name: undefined })}`).join('\n')
}

/**
 * The init stopped cleanly: exit 0, the child exited by itself with 0, nothing was SIGKILLed,
 * no warning or error was logged, and no process it ran is left.
 */
function assertCleanStop(t: Test, name: string, init: InitProcess, exit: InitExit, procs: ProcStat[]): void {
  const detail = { timeline: timeline(init) }
  t.equal(exit.code, 0, `${name}: the init exits 0`, detail)
  t.match(logLine(init, 'child exited'), { code: 0 }, `${name}: the server exited by itself with 0`, detail)
  t.same(logs(init).filter(l => l.level >= 40).map(l => l.msg), [], `${name}: no warning (no SIGKILL, no failure)`, detail)
  t.match(logs(init).at(-1), { msg: 'exit', code: 0 }, `${name}: "exit" is the last log line`)
  t.same(procs.filter(isRunning).map(p => `${p.pid} ${p.comm}`), [], `${name}: none of its processes is left`)
  t.same(runningTagged(init.tag).map(p => `${p.pid} ${p.comm}`), [], `${name}: nothing it started is left`)
}

function startExample(t: Test, args: string[], extra: { env?: Record<string, string>; cwd?: string; pid1?: boolean } = {}): InitProcess {
  return startInit(t, { pid1: extra.pid1 ?? true, args, env: { ...VERBOSE, ...extra.env }, ...(extra.cwd ? { cwd: extra.cwd } : {}) })
}

/** A temp dir that www-data (nginx's and php-fpm's workers) can read. */
function sharedTempDir(t: Test, prefix: string): string {
  const dir = tempDir(t, prefix)
  chmodSync(dir, 0o755)
  return dir
}

// ---------------------------------------------------------------------------------------------

t.test('examples/nginx: TERM → 5s drain → QUIT; the request in flight completes', { skip: notOurs || noNginx }, async t => {
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
  const init = startExample(t, [...flags, ...nginxCommand(cmd, conf)])

  await waitServing(port, '/healthz', [init])
  t.match(await get(port, '/hello'), { status: 200, body: 'fast /hello\n' }, 'nginx proxies to the app')
  const procs = descendants(await init.pid())
  const inFlight = get(port, '/slow', 30_000)
  await waitUntil('the app to hold the request', () => app.held() === 1, 5000)

  await init.kill('SIGTERM')
  await waitLog(init, 'stop: begin')
  t.match(await get(port, '/during-drain'), { status: 200 }, 'during the drain, nginx still serves new requests')
  t.notOk(logLine(init, 'stop: action'), 'and has not been signalled yet')

  const forward = await waitLog(init, 'forward', 10_000)
  t.match(logLine(init, 'rewrite'), { signal: 'SIGTERM', as: 'SIGQUIT' }, 'TERM is rewritten to QUIT')
  t.match(forward, { signal: 'SIGQUIT', target: 'group' }, 'QUIT goes to nginx, master and workers')
  t.ok(Number(logLine(init, 'stop: action')?.elapsedMs) >= 5000, 'after the 5s drain', { timeline: timeline(init) })

  await waitRefusing(port)
  t.pass('after QUIT nginx accepts no new connection')
  t.equal(init.exit, undefined, 'but still runs: a request is in flight')
  app.release()
  t.match(await inFlight, { status: 200, body: 'slow done\n' }, 'the request in flight at QUIT completes with 200')

  assertCleanStop(t, 'nginx', init, await init.waitExit(10_000), procs)
})

t.test('examples/nginx-php-fpm: nginx drains and QUITs, php-fpm outlives it, then QUITs too', { skip: notOurs || noNginx || noPhpFpm }, async t => {
  const [nginxPort, fpmPort] = [await freePort(), await freePort()]
  const dir = sharedTempDir(t, 'gi-ex-php-')
  const [www, shared, hold] = ['www', 'shared', 'hold'].map(d => join(dir, d)) as [string, string, string]
  mkdirSync(join(www, 'public'), { recursive: true })
  mkdirSync(shared)
  mkdirSync(hold)
  chmodSync(hold, 0o777) // the PHP workers (www-data) mark there that they started
  writeFileSync(join(www, 'public', 'index.php'), readFileSync(join(examples, 'nginx-php-fpm/public/index.php')))
  // A page that runs until the test lets it finish: a request held in flight on purpose.
  writeFileSync(join(www, 'public', 'hold.php'), `<?php
$f = '${hold}/' . basename($_GET['id'] ?? 'x');
touch("$f.started");
$end = microtime(true) + 20;
while (!file_exists("$f.release") && microtime(true) < $end) usleep(20000);
header('Content-Type: text/plain');
echo file_exists("$f.release") ? "released\\n" : "not released\\n";
`)
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

  const fpm = startExample(t, [...fpmFlags, ...fpmCmd])
  const nginx = startExample(t, [...nginxFlags, ...nginxCommand(nginxImage.cmd, nginxConf)])
  t.match(await waitServing(nginxPort, '/index.php?ms=0', [nginx, fpm]), { body: /^hello from php-fpm \d+ after 0 ms/ }, 'nginx passes PHP to php-fpm')
  const [nginxProcs, fpmProcs] = [descendants(await nginx.pid()), descendants(await fpm.pid())]

  const started = (id: string) => waitUntil(`hold.php?id=${id} to start`, () => existsSync(join(hold, `${id}.started`)), 5000)
  const release = (id: string) => writeFileSync(join(hold, `${id}.release`), '')
  const a = get(nginxPort, '/hold.php?id=a', 30_000)
  await started('a')

  // Both get TERM at the same moment, as the containers of a pod do.
  await Promise.all([nginx.kill('SIGTERM'), fpm.kill('SIGTERM')])
  await Promise.all([waitLog(nginx, 'stop: begin'), waitLog(fpm, 'stop: begin')])
  t.match(await get(nginxPort, '/index.php?ms=300'), { status: 200, body: /after 3\d\d ms/ }, 'during the drain, new requests are served end to end')

  await waitLog(nginx, 'forward', 10_000)
  t.match(logLine(nginx, 'forward'), { signal: 'SIGQUIT' }, 'nginx gets QUIT after its drain')
  t.ok(Number(logLine(nginx, 'stop: action')?.elapsedMs) >= 5000, 'after 5s', { timeline: timeline(nginx) })
  await waitRefusing(nginxPort)
  t.pass('then nginx accepts no new connection')
  t.ok(await accepts(fpmPort), 'php-fpm still does: it outlives nginx')
  t.notOk(logLine(fpm, 'stop: action'), 'php-fpm has not been signalled yet')

  // A request already passed to php-fpm when php-fpm gets its QUIT (straight to php-fpm:
  // nginx is stopping and takes no new request).
  const c = fastcgiGet(fpmPort, join(www, 'public', 'hold.php'), 'id=c')
  await started('c')
  release('a')
  t.match(await a, { status: 200, body: 'released\n' }, 'the request in flight through nginx at its QUIT completes with 200')
  const nginxExit = await nginx.waitExit(10_000)
  t.equal(readFileSync(exitFile, 'utf8'), '0\n', "nginx's exit file holds its exit code")

  const early = await waitLog(fpm, 'stop: drain ended early, the file is there', 5000)
  const fpmAction = await waitLog(fpm, 'stop: action', 5000)
  t.ok(early.time >= logLine(nginx, 'child exited')!.time, "php-fpm's drain ends once nginx has exited", { nginx: timeline(nginx), fpm: timeline(fpm) })
  t.ok(Number(fpmAction.elapsedMs) < 20_000, 'well before its 25s upper bound')
  t.match(await waitLog(fpm, 'forward'), { signal: 'SIGQUIT' }, 'php-fpm gets QUIT')
  t.equal(fpm.exit, undefined, 'php-fpm keeps running while a script runs')
  release('c')
  t.match(await c, /\r\n\r\nreleased\n$/, 'the script running at php-fpm\'s QUIT completes')
  const fpmExit = await fpm.waitExit(10_000)

  assertCleanStop(t, 'nginx', nginx, nginxExit, nginxProcs)
  assertCleanStop(t, 'php-fpm', fpm, fpmExit, fpmProcs)
})

t.test('examples/node-app: readiness off at TERM, 5s drain, TERM, the request in flight completes', { skip: notOurs }, async t => {
  const [port, healthPort] = [await freePort(), await freePort()]
  const { entrypoint, cmd } = dockerfile('node-app/Dockerfile')
  const flags = initFlags(entrypoint)
  const args = [...substitute(flags.join('\0'), [[':9000', `127.0.0.1:${healthPort}`]], 'node-app ENTRYPOINT').split('\0'), ...cmd]
  t.same([flagValue(flags, '--drain'), flagValue(flags, '--grace')], ['5s', '20s'], 'the example drains 5s and gives 20s of grace')
  const init = startExample(t, args, { cwd: join(examples, 'node-app'), env: { PORT: String(port), HOST: '127.0.0.1' } })

  await waitServing(port, '/healthz', [init])
  t.match(await get(healthPort, '/readyz'), { status: 200 }, '/readyz is 200 while serving')
  const procs = descendants(await init.pid())
  // A slow request that is in flight when the app gets TERM (5s after the init does).
  const inFlight = get(port, '/work?ms=6500', 30_000)
  await init.kill('SIGTERM')
  await waitLog(init, 'stop: begin')
  t.match(await get(healthPort, '/readyz'), { status: 503 }, '/readyz is 503 from the stop signal on')
  t.match(await get(port, '/'), { status: 200, body: 'hello\n' }, 'while the app still serves new requests')

  await waitLog(init, 'forward', 10_000)
  t.match(logLine(init, 'forward'), { signal: 'SIGTERM' }, 'the app gets TERM')
  t.ok(Number(logLine(init, 'stop: action')?.elapsedMs) >= 5000, 'after the 5s drain', { timeline: timeline(init) })
  await waitRefusing(port)
  t.pass('then the app accepts no new connection')
  const reply = await inFlight
  t.match(reply, { status: 200, body: 'worked 6500 ms\n' }, 'the request in flight at TERM completes with 200')

  const exit = await init.waitExit(10_000)
  t.ok(logLine(init, 'child exited')!.time >= reply.at - 50, 'the app exits once it has answered')
  assertCleanStop(t, 'node-app', init, exit, procs)
})

t.test('examples/sidecar: the proxy starts after the app and stops after it', { skip: notOurs || noNginx }, async t => {
  const [appPort, proxyPort] = [await freePort(), await freePort()]
  const dir = sharedTempDir(t, 'gi-ex-sidecar-')
  const shared = join(dir, 'shared')
  mkdirSync(shared)
  const services = compose('sidecar/compose.yaml')
  const { proxy, app } = services as { proxy: ComposeService; app: ComposeService }
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

  // Start-up: the proxy first; it holds nginx until the app listens.
  const proxyInit = startExample(t, [...proxyFlags, ...nginxCommand(proxy.command!, conf)])
  await waitLog(proxyInit, 'waiting for')
  t.notOk(logLine(proxyInit, 'spawn'), 'nginx is not started while the app is not there')
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
  const [proxyProcs, appProcs] = [descendants(await proxyInit.pid()), descendants(await appInit.pid())]

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
  t.ok(early.time >= logLine(appInit, 'child exited')!.time, "the proxy's drain ends when the app has exited", { proxy: timeline(proxyInit), app: timeline(appInit) })
  t.ok(action.time >= reply.at - 50, 'after the last response went through it')
  t.match(await waitLog(proxyInit, 'forward'), { signal: 'SIGQUIT' }, 'nginx gets QUIT')
  const proxyExit = await proxyInit.waitExit(10_000)

  assertCleanStop(t, 'app', appInit, appExit, appProcs)
  assertCleanStop(t, 'proxy', proxyInit, proxyExit, proxyProcs)
})

t.test('examples/procfile: the web command, configured by .env, not PID 1', { skip: notOurs }, async t => {
  const line = readFileSync(join(examples, 'procfile/Procfile'), 'utf8').split('\n').find(l => l.startsWith('web:'))!
  const words = line.slice('web:'.length).trim().split(/\s+/)
  t.equal(words[0], 'graceful-init', 'the web process is graceful-init')
  const env: Record<string, string> = {}
  for (const l of readFileSync(join(examples, 'procfile/.env'), 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(l)
    if (m) env[m[1]!] = m[2]!
  }
  t.ok(Object.keys(env).length > 0 && Object.keys(env).every(k => k.startsWith('GRACEFUL_INIT_')), '.env sets GRACEFUL_INIT_* variables')
  const port = await freePort()
  // The way a platform runs it: a plain process (a subreaper), PORT from the platform; the log
  // level comes from .env only (no -v here).
  const init = startInit(t, {
    args: words.slice(1),
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: join(examples, 'node-app'),
  })
  await waitServing(port, '/healthz', [init])
  t.match(logLine(init, 'spawn'), { command: ['node', 'server.js'], pid1: false }, 'GRACEFUL_INIT_VERBOSE from .env applies')
  const procs = descendants(await init.pid())
  const inFlight = get(port, '/work?ms=5800', 30_000)
  await init.kill('SIGTERM')
  await waitLog(init, 'stop: begin')
  t.match(await get(port, '/'), { status: 200 }, 'during the drain the app serves')
  await waitLog(init, 'forward', 10_000)
  t.ok(Number(logLine(init, 'stop: action')?.elapsedMs) >= 5000, '--drain 5s from the Procfile', { timeline: timeline(init) })
  t.match(await inFlight, { status: 200 }, 'the request in flight completes')
  assertCleanStop(t, 'procfile web', init, await init.waitExit(10_000), procs)
})

t.test('command lines that are not run here are accepted as they are', { skip: notOurs }, async t => {
  const cases: Array<[string, string[]]> = [
    ['examples/passenger/Dockerfile', initFlags(dockerfile('passenger/Dockerfile').entrypoint)],
    ['Dockerfile.example', initFlags(dockerfile('../Dockerfile.example').entrypoint)],
  ]
  for (const [file, flags] of cases) {
    let out = ''
    let code = 0
    try {
      out = execFileSync(initCommand()[0]!, [...initCommand().slice(1), ...flags, 'true'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } })
    } catch (err) {
      const e = err as { status: number; stderr: string }
      code = e.status
      out = e.stderr
    }
    t.equal(code, 0, `${file}: graceful-init accepts its flags and budget`, { out })
  }
})

t.test('compose files: each stop_grace_period is the graceful-init --budget', async t => {
  for (const file of ['nginx-php-fpm/compose.yaml', 'sidecar/compose.yaml']) {
    for (const [name, service] of Object.entries(compose(file))) {
      const entrypoint = service.entrypoint ?? dockerfile(join(dirname(file), (service.build as { dockerfile: string }).dockerfile)).entrypoint
      t.equal(service.stop_grace_period, flagValue(initFlags(entrypoint), '--budget'), `${file} ${name}: stop_grace_period = --budget`)
    }
  }
})
