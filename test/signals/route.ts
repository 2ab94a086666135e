import t from 'tap'
import type { Forwarder } from '../../src/signals/forward.js'
import type { SignalName } from '../../src/signals/names.js'
import { createSignalRoute } from '../../src/signals/route.js'

/** A forwarder and a stop sequence that record what reaches them. */
function setup(rewrite: Array<[SignalName, SignalName | null]> = [], stopSignals: SignalName[] = ['SIGTERM']) {
  const forwarded: SignalName[] = []
  const begun: SignalName[] = []
  const forwarder: Forwarder = {
    setChild() {},
    forward: signal => (forwarded.push(signal), signal),
    target: 'group',
  }
  const route = createSignalRoute({ stopSignals: new Set(stopSignals), rewrite: new Map(rewrite) }, forwarder, false)
  return { route, forwarded, begun, stop: { begin: (signal: SignalName) => void begun.push(signal) } }
}

t.test('once the child runs, a stop signal starts the stop sequence and every other signal is forwarded', async t => {
  const s = setup([], ['SIGTERM', 'SIGINT'])
  s.route.attach(s.stop)
  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGUSR1', 'SIGINT'] as const) s.route.route(signal)
  t.same(s.begun, ['SIGTERM', 'SIGINT'])
  t.same(s.forwarded, ['SIGHUP', 'SIGUSR1'])
})

t.test('a stop signal before the child runs ends the wait for it, once, and is remembered', async t => {
  const s = setup()
  t.notOk(s.route.stoppedBeforeStart.aborted)
  s.route.route('SIGHUP')
  t.notOk(s.route.stoppedBeforeStart.aborted, 'HUP is no stop signal')
  s.route.route('SIGTERM')
  t.ok(s.route.stoppedBeforeStart.aborted, 'TERM ends the wait')
  t.equal(s.route.stoppedBy(), 'SIGTERM')
  s.route.route('SIGTERM')
  t.same(s.forwarded, ['SIGHUP', 'SIGTERM'], 'a second one goes to the forwarder (which drops it: no child yet)')
})

t.test('asked for only after a stop signal came, the wait is ended already', async t => {
  const s = setup()
  s.route.route('SIGTERM')
  t.ok(s.route.stoppedBeforeStart.aborted, 'aborted from the start')
  t.equal(s.route.stoppedBy(), 'SIGTERM')
})

t.test('a stop signal rewritten to 0 is dropped like any other (dumb-init -r 15:0)', async t => {
  const s = setup([['SIGTERM', null]])
  s.route.attach(s.stop)
  s.route.route('SIGTERM')
  t.same(s.begun, [], 'no stop sequence')
  t.same(s.forwarded, ['SIGTERM'], 'the forwarder gets it, and its table drops it')
})

t.test('a stop signal rewritten to another still starts the sequence (which forwards the rewrite)', async t => {
  const s = setup([['SIGTERM', 'SIGQUIT']])
  s.route.attach(s.stop)
  s.route.route('SIGTERM')
  t.same(s.begun, ['SIGTERM'])
})
