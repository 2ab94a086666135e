import t, { type Test } from 'tap'
import type { Clock } from '../../src/shutdown/clock.js'
import { settleLeftovers } from '../../src/shutdown/leftovers.js'
import { fakeLog } from '../lib/fake-log.js'

/** settleLeftovers for group 7, which empties once `aliveUntilMs` has passed on a clock that moves
 * only when slept on, with a deadline: the clock, the kills sent, the log and the TERMs forwarded. */
async function settle(t: Test, aliveUntilMs: number, deadline: number) {
  let now = 0
  const clock: Clock = { now: () => now, sleep: async ms => ((now += ms), true) }
  const kills: Array<[number, string | number]> = []
  let killed = false
  t.intercept(process, 'kill', {
    value: (pid: number, signal: string | number) => {
      if (signal === 0) {
        if (killed || now >= aliveUntilMs) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' })
        return true
      }
      kills.push([pid, signal])
      if (signal === 'SIGKILL') killed = true
      return true
    },
  })
  const log = fakeLog()
  let terms = 0
  await settleLeftovers({ pgid: 7, forwardTerm: () => void terms++, deadline, clock, log })
  return { clock, kills, log, terms }
}

t.test('leftovers that exit on TERM get it once and are waited for', async t => {
  const { clock, kills, log, terms } = await settle(t, 400, 3000)
  t.equal(terms, 1, 'TERM went through the forwarder (and its rewrite table)')
  t.same(kills, [], 'no SIGKILL')
  t.same(log.lines.map(l => l.msg), ['leftovers: terminating', 'leftovers: gone'])
  t.ok(clock.now() >= 400 && clock.now() < 3000, `waited until they were gone (${clock.now()} ms)`)
})

t.test('leftovers still there at the deadline are SIGKILLed, as a group', async t => {
  const { clock, kills, log } = await settle(t, Infinity, 1000)
  t.same(kills, [[-7, 'SIGKILL']])
  t.equal(clock.now(), 1000, 'at the deadline, not later')
  t.same(log.lines.map(l => [l.level, l.msg]), [['info', 'leftovers: terminating'], ['warn', 'leftovers: grace expired, killing']])
})

t.test('an empty group needs nothing', async t => {
  const { kills, log, terms } = await settle(t, 0, 1000)
  t.equal(terms, 0)
  t.same(kills, [])
  t.same(log.lines, [])
})
