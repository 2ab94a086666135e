import t, { type Test } from 'tap'
import { startReaper } from '../../src/reaper/reaper.js'
import type { Libc, WaitResult } from '../../src/sys/libc.js'
import { fakeLog } from '../lib/fake-log.js'

/** A libc whose exited children are `zombies`, in order; reap takes one by pid. */
function fakeLibc(zombies: WaitResult[]): Pick<Libc, 'peekExited' | 'reap'> & { reaped: number[] } {
  const reaped: number[] = []
  return {
    reaped,
    peekExited: () => zombies[0] ?? 0,
    reap(pid) {
      const at = zombies.findIndex(z => z.pid === pid)
      if (at === -1) return null
      reaped.push(pid)
      return zombies.splice(at, 1)[0]!
    },
  }
}
const exited = (pid: number, status: number): WaitResult => ({ pid, exited: true, status })
function start(t: Test, libc: Pick<Libc, 'peekExited' | 'reap'>, log = fakeLog()) {
  const reaper = startReaper(libc as Libc, log)
  t.teardown(() => reaper.stop())
  return reaper
}
const nextTurn = () => new Promise(resolve => setImmediate(resolve))

t.test('reaps every orphan and hands the watched child its status', async t => {
  const libc = fakeLibc([exited(10, 0), exited(11, 3), { pid: 12, exited: false, status: 15 }])
  const log = fakeLog()
  const reaper = start(t, libc, log)
  const seen: WaitResult[] = []
  reaper.watch(11, result => seen.push(result))
  reaper.sweep()
  t.same(libc.reaped, [10, 11, 12])
  t.same(seen, [exited(11, 3)], 'the watched child gets its own status, once')
  t.same(log.lines.map(l => l.fields), [{ pid: 10, code: 0 }, { pid: 12, signal: 15 }], 'orphans are logged as reaped')
})

t.test("never takes a pid libuv owns: it waits for libuv to reap it, then goes on", async t => {
  const zombies = [exited(20, 1), exited(21, 0)]
  const libc = fakeLibc(zombies)
  const reaper = start(t, libc)
  const release = reaper.spareLibuvChild(20)
  reaper.sweep()
  t.same(libc.reaped, [], "libuv's child is first: nothing is reaped behind its back")
  zombies.shift() // libuv reaps its child
  release()
  await nextTurn()
  t.same(libc.reaped, [21], 'the next turn reaps the rest')
})

t.test('a burst larger than one batch goes on in later turns', async t => {
  const libc = fakeLibc(Array.from({ length: 4500 }, (_, i) => exited(1000 + i, 0)))
  const reaper = start(t, libc)
  reaper.sweep()
  t.equal(libc.reaped.length, 2000, 'one batch in the first turn (signals are forwarded in between)')
  await nextTurn()
  await nextTurn()
  t.equal(libc.reaped.length, 4500, 'the rest in the turns after')
})

t.test('no children at all (ECHILD) is quiet', async t => {
  start(t, { peekExited: () => -1, reap: () => null }).sweep()
  t.pass('returns')
})
