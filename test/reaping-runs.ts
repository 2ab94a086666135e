// Many short runs with orphans, as PID 1 (its own file: the longest test, and tap times each file).
// A run costs a Node start, so orphans per run carry the races: 150 × 24 make the 3,600 orphan
// exits of 300 × 12 in ~60% of the time (194 vs 153 ms a run). GI_TEST_RUNS=1000 for more.
import t from 'tap'
import { startInit } from './lib/init-process.js'
import { inParallel } from './lib/parallel.js'

const RUNS = Number(process.env.GI_TEST_RUNS ?? 150)
t.test(`${RUNS} short runs with orphans exiting around the child give the right code every time, as PID 1`, async t => {
  const wrong: string[] = []
  let finished = 0
  const started = Date.now()
  await inParallel(Array.from({ length: RUNS }, (_, i) => i), 4, async i => {
    // A spread of codes 0-255.
    const code = (i * 97 + 13) % 256
    const single = i % 2 === 1
    const run = `run ${i}${single ? ' (-c)' : ''}`
    const script = `${'( : ) & (exit 7) & '.repeat(12)}exit ${code}`
    const init = startInit(t, { pid1: true, args: [...(single ? ['-c'] : []), 'sh', '-c', script] })
    try {
      // Generous: a hang is what this catches, and a loaded machine starts Node slowly.
      const r = await init.waitExit(60_000)
      if (r.code !== code) wrong.push(`${run}: exit ${r.code}, expected ${code}; stderr: ${r.stderr.slice(0, 300)}`)
    } catch (err) {
      wrong.push(`${run}: ${(err as Error).message.split('\n')[0]}`)
    } finally {
      finished++
      init.cleanup()
    }
  })
  t.equal(finished, RUNS, 'every run finished')
  t.same(wrong, [], `every run exits with its child's code (${Date.now() - started} ms in all)`)
})

