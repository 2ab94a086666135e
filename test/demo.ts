// `npm run demo` tells the truth: plain forwarding loses requests in flight, TERM:QUIT none in
// flight, TERM:QUIT with a drain none at all.
import t from 'tap'
import { OPTIONS } from '../src/config/options.js'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { repoRoot } from './lib/paths.js'

const run = join(repoRoot, 'examples/demo/run.js')

type Counts = { sent: number; ok: number; failed: number; refused: number }

t.test('the four setups of the demo, side by side', async t => {
  const started = Date.now()
  // env -u: tap's processinfo puts an --import (~0.3 s a start) into every Node the demo runs.
  const result = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, run, '--json', '--no-report'], { encoding: 'utf8', timeout: 60_000 })
  t.equal(result.status, 0, result.stderr.slice(-2000))
  t.ok(Date.now() - started < 60_000, 'finishes in under a minute')
  const setups = new Map((JSON.parse(result.stdout) as { setups: { id: string; counts: Counts }[] }).setups.map(s => [s.id, s.counts]))
  const counts = (id: string) => setups.get(id) as Counts
  t.same([...setups.keys()], ['alone', 'forward', 'rewrite', 'drain'])
  t.ok(counts('forward').failed > 0, `plain forwarding drops requests in flight (${counts('forward').failed} failed)`)
  t.equal(counts('rewrite').failed, 0, 'TERM:QUIT finishes the requests in flight')
  t.ok(counts('rewrite').refused > 0, 'but refuses what the load balancer still sends')
  t.equal(counts('drain').failed + counts('drain').refused, 0, 'TERM:QUIT with a drain loses nothing')
  t.equal(counts('drain').ok, counts('drain').sent, 'every request sent was answered')
  t.comment(JSON.stringify(Object.fromEntries(setups)))
})

t.test('the demo passes every graceful-init flag through, from the option table', async t => {
  // Plain JavaScript, without types: the cast says what is used.
  const { parseOptions } = (await import(pathToFileURL(join(repoRoot, 'examples/demo/options.js')).href)) as {
    parseOptions(argv: string[]): { initFlags: string[] }
  }
  for (const option of OPTIONS.filter(o => o.env !== false)) {
    const argv = option.kind === 'value' ? [`--${option.long}`, 'VALUE'] : [`--${option.long}`]
    t.same(parseOptions([...argv, '--no-report']).initFlags, argv, `--${option.long} reaches the init as given`)
  }
})
