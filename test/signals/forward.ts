import t, { type Test } from 'tap'
import { createForwarder } from '../../src/signals/forward.js'
import type { SignalName } from '../../src/signals/names.js'
import { fakeLog } from '../lib/fake-log.js'

/** process.kill, recorded: [target, signal]; `gone` makes it throw ESRCH. */
function recordKills(t: Test, gone = false) {
  const sent: Array<[number, string]> = []
  t.intercept(process, 'kill', {
    value: (pid: number, signal: string) => {
      if (gone) throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' })
      sent.push([pid, signal])
      return true
    },
  })
  return sent
}

const table = new Map<SignalName, SignalName | null>([['SIGTERM', 'SIGQUIT'], ['SIGUSR2', null]])

t.test('forwards to the whole process group, through the rewrite table', async t => {
  const sent = recordKills(t)
  const log = fakeLog()
  const forwarder = createForwarder(table, false, log)
  forwarder.setChild(42)
  t.equal(forwarder.target, 'group')
  t.equal(forwarder.forward('SIGHUP'), 'SIGHUP', 'HUP passes as it is')
  t.equal(forwarder.forward('SIGTERM'), 'SIGQUIT', 'TERM goes as QUIT')
  t.equal(forwarder.forward('SIGUSR2'), undefined, 'USR2 is dropped')
  t.same(sent, [[-42, 'SIGHUP'], [-42, 'SIGQUIT']], 'to -pgid, and nothing for the dropped one')
  t.same(log.lines.map(l => l.msg), ['forward', 'rewrite', 'forward', 'drop'])
  t.match(log.lines[1]?.fields, { signal: 'SIGTERM', as: 'SIGQUIT' })
})

t.test('with --single-child, to the child alone', async t => {
  const sent = recordKills(t)
  const forwarder = createForwarder(new Map(), true, fakeLog())
  forwarder.setChild(42)
  t.equal(forwarder.target, 'child')
  forwarder.forward('SIGINT')
  t.same(sent, [[42, 'SIGINT']])
})

t.test('before the child exists, signals are dropped, not queued', async t => {
  const sent = recordKills(t)
  const log = fakeLog()
  const forwarder = createForwarder(new Map(), false, log)
  t.equal(forwarder.forward('SIGHUP'), undefined)
  t.same(sent, [])
  t.same(log.lines.map(l => l.msg), ['drop: no child yet'])
})

t.test('a child already gone (ESRCH) is no error: its exit is on the way', async t => {
  recordKills(t, true)
  const log = fakeLog()
  const forwarder = createForwarder(new Map(), false, log)
  forwarder.setChild(42)
  t.equal(forwarder.forward('SIGHUP'), 'SIGHUP', 'the signal it meant to send')
  t.same(log.lines.map(l => [l.level, l.msg]), [['debug', 'forward failed']])
})
