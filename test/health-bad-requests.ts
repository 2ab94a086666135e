// --health-listen as PID 1: bad requests get 400, 404 or 405 and change nothing (forwarding goes
// on, the child runs, no warning is logged).
import t from 'tap'
import { parseLog, LEVEL } from './lib/log-lines.js'
import { freePort, httpRequest, rawRequest } from './lib/probes/net.js'
import { healthUp, startWithChild } from './lib/probes/health.js'
import { waitStamp } from './lib/probes/stamped.js'
import { ourInitOnly } from './lib/inits.js'

ourInitOnly(t, '--health-listen')

/** [what, the request, the status it must get] */
const BAD: [string, string | Buffer, number | number[]][] = [
  ['garbage bytes', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]), 400],
  ['a line that is not HTTP', 'HELLO THERE\r\n\r\n', 400],
  ['an unknown path', 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n', 404],
  ['a path below /readyz', 'GET /readyz/x HTTP/1.1\r\nHost: x\r\n\r\n', 404],
  ['POST /readyz', 'POST /readyz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', 405],
  ['DELETE /livez', 'DELETE /livez HTTP/1.1\r\nHost: x\r\n\r\n', 405],
  ['a 64 KiB header', `GET /readyz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65536)}\r\n\r\n`, [400, 431]],
]

t.test('bad requests get 400, 404 or 405 and never disturb the init', async t => {
  const port = await freePort()
  const { init } = await startWithChild(t, ['--health-listen', `127.0.0.1:${port}`])
  await healthUp(port)
  const before = init.stdout.text.length
  for (const [what, request, status] of BAD) {
    const reply = await rawRequest(port, request)
    const want = [status].flat()
    t.ok(reply.status !== undefined && want.includes(reply.status), `${what}: ${want.join(' or ')} (got ${reply.status ?? reply.error})`)
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
