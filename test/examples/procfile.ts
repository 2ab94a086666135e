// examples/procfile for real: the web line with .env as its environment, as a platform runs it.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startInit } from '../lib/init-process.js'
import { firstLog, fullTimeline } from '../lib/log-lines.js'
import { descendantsOf } from '../lib/processes.js'
import { freePort } from '../lib/probes/net.js'
import { get } from '../lib/stop/http-load.js'
import { ourInitOnly } from '../lib/inits.js'
import { assertCleanStop, waitLog, waitServing } from '../lib/examples/init.js'
import { examples } from '../lib/examples/recipe.js'

ourInitOnly(t, 'the recipes use its flags')

/** The VAR=value lines of a .env file. */
const dotEnv = (path: string): Record<string, string> =>
  Object.fromEntries([...readFileSync(path, 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map(m => [m[1]!, m[2]!]))

t.test('examples/procfile: the web command, configured by .env, not PID 1', async t => {
  const line = readFileSync(join(examples, 'procfile/Procfile'), 'utf8').split('\n').find(l => l.startsWith('web:'))!
  const words = line.slice('web:'.length).trim().split(/\s+/)
  t.equal(words[0], 'graceful-init', 'the web process is graceful-init')
  const env = dotEnv(join(examples, 'procfile/.env'))
  const names = Object.keys(env)
  t.ok(names.length > 0 && names.every(k => k.startsWith('GRACEFUL_INIT_')), '.env sets GRACEFUL_INIT_* variables')
  const port = await freePort()
  // A plain process (subreaper), PORT from the platform, log level from .env only (no -v).
  const init = startInit(t, {
    args: words.slice(1),
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: join(examples, 'node-app'),
  })
  await waitServing(port, '/healthz', [init])
  // Waited for: the app can answer before the init's first log line is out (pino loads on it).
  t.match(await waitLog(init, 'spawn'), { command: ['node', 'server.js'], pid1: false }, 'GRACEFUL_INIT_VERBOSE from .env applies')
  const procs = descendantsOf(await init.pid())
  const inFlight = get(port, '/work?ms=5800', 30_000)
  await init.kill('SIGTERM')
  await waitLog(init, 'stop: begin')
  t.match(await get(port, '/'), { status: 200 }, 'during the drain the app serves')
  await waitLog(init, 'forward', 10_000)
  t.ok(Number(firstLog(init.stderr.text, 'stop: action')?.elapsedMs) >= 5000, '--drain 5s from the Procfile', { timeline: fullTimeline(init.stderr.text) })
  t.match(await inFlight, { status: 200 }, 'the request in flight completes')
  assertCleanStop(t, 'procfile web', init, await init.waitExit(10_000), procs)
})
