// --ready-file as PID 1 and in a container: it goes as the stop sequence begins, not when the
// drain ends.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startInit } from './lib/init-process.js'
import { modeArgs, modes } from './lib/modes.js'
import { gotSignals, inGroup, served, signalAt, waitGot, waitReady } from './lib/stop/served.js'
import { tempDir } from './lib/stop/temp.js'
import { waitUntil } from './lib/wait.js'
import { ourInitOnly } from './lib/inits.js'
import { parallel } from './lib/parallel.js'
import { startServed } from './lib/container/served.js'
import { containerColumn } from './lib/container/suite.js'

ourInitOnly(t, '--ready-file')

t.jobs = 4 // the cases mostly wait on drains

for (const mode of modes.filter(m => m.pid1)) {
  t.test(`--ready-file: written once the child has started, removed as the stop sequence begins, ${mode.name}`, parallel(), async t => {
    const ready = join(tempDir(t), 'ready')
    const init = startInit(t, { pid1: true, args: [...modeArgs(mode), '--ready-file', ready, '--drain', '2s', ...served('child', '--exit-on', 'SIGTERM:0')] })
    const pid = await waitReady(init, 'child')
    await waitUntil('the ready file', () => existsSync(ready), 20_000, 5)
    t.equal(readFileSync(ready, 'utf8').trim(), String(pid), "it holds the child's pid")
    const sent = await signalAt(init, 'SIGTERM')
    const removed = await waitUntil('the ready file to go', () => !existsSync(ready) && Date.now(), 20_000, 2)
    // Half-way to the end of the 2 s drain, when a late removal would come.
    t.ok(removed - sent < 1000, `removed ${removed - sent} ms after the stop signal`)
    const termAt = await waitGot(init, 'child', 'SIGTERM', 0, 10_000)
    t.ok(termAt - removed >= 1000, `well before the stop action (${termAt - removed} ms earlier)`)
    const r = await init.waitExit(10_000)
    t.equal(r.code, 0)
    t.notOk(existsSync(ready), 'still gone at the end')
  })
}

t.test('--ready-file: gone once the child exits on its own, even while leftovers finish, as PID 1', parallel(), async t => {
  const dir = tempDir(t)
  const ready = join(dir, 'ready')
  // main exits 3 on USR1 (a crash, as far as the init knows); left takes 1 s to clean up on TERM.
  const left = served('left', '--cleanup', `SIGTERM:1000:${join(dir, 'left')}`)
  const init = startInit(t, { pid1: true, args: ['--ready-file', ready, ...inGroup(left, served('main', '--exit-on', 'SIGUSR1:3'))] })
  await waitReady(init, 'main')
  await waitReady(init, 'left')
  await waitUntil('the ready file', () => existsSync(ready), 20_000, 5)
  await signalAt(init, 'SIGUSR1')
  // The leftover got TERM: the main child is gone and nothing serves any more.
  await waitGot(init, 'left', 'SIGTERM')
  const first = await waitUntil('the ready file to go or the cleanup to end', () =>
    !existsSync(ready) ? 'ready file gone' : existsSync(join(dir, 'left')) ? 'cleanup done' : undefined, 20_000, 5)
  t.equal(first, 'ready file gone', 'the ready file is gone while the leftover cleans up')
  const r = await init.waitExit(10_000)
  t.equal(r.code, 3)
  t.notOk(existsSync(ready), 'the ready file is gone after the init exited')
})

containerColumn(t, 'the ready file', (t, suite) => {
  t.test('--ready-file exists while the child runs and goes at crun kill TERM, before the drain ends', parallel(), async t => {
    // 30 s, ended by a second TERM: however slow `crun exec` is, the file goes inside the drain.
    const c = await startServed(suite, { drain: '30s', extra: ['--ready-file', '/tmp/ready'] })
    const testFile = async () => (await c.exec('/bin/test', '-f', '/tmp/ready')).code
    t.equal(await testFile(), 0, 'the ready file exists')
    await c.kill('TERM')
    let gone = false
    for (const deadline = Date.now() + 20_000; !gone && Date.now() < deadline; ) gone = (await testFile()) !== 0
    t.ok(gone, 'the ready file is gone during the drain')
    t.same(gotSignals(c.stdout.text, 'child'), [], 'the child has not been signalled yet')
    await c.kill('TERM')
    t.equal((await c.waitExit()).code, 7)
  })
}, 3)
