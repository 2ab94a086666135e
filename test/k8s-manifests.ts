// Every Kubernetes example parses, each graceful-init stop sequence fits its pod's grace period,
// and the real binary accepts each command line.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { parseAllDocuments } from 'yaml'
import { budgetProblems, initContainers, podSpecOf, type InitContainer } from './lib/k8s/manifests.js'
import { parseDuration, parseInitArgs } from './lib/k8s/stop-budget.js'
import { initBin, repoRoot } from './lib/paths.js'
import { tempDir } from './lib/stop/temp.js'

const dir = join(repoRoot, 'examples/kubernetes')
const files = readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort()

/** Every graceful-init container in the examples, with its pod's grace period. */
function findAll(t: Test) {
  const found: { file: string; workload: string; gracePeriod: number; container: InitContainer }[] = []
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      for (const e of doc.errors) t.fail(`${file}: ${e.message}`)
      const obj = doc.toJS() as Record<string, unknown> | null
      const pod = podSpecOf(obj)
      if (!pod) continue
      const workload = `${String(obj?.kind)}/${String((obj?.metadata as Record<string, unknown> | undefined)?.name)}`
      const gracePeriod = typeof pod.terminationGracePeriodSeconds === 'number' ? pod.terminationGracePeriodSeconds : 30
      for (const container of initContainers(pod)) found.push({ file, workload, gracePeriod, container })
    }
  }
  return found
}

t.test('durations follow graceful-init rules', async t => {
  const good: [string, number][] = [['500ms', 500], ['5s', 5000], ['2m', 120_000], ['1m30s', 90_000], ['0', 0], ['1.5s', 1500]]
  for (const [text, ms] of good) t.equal(parseDuration(text), ms, text)
  for (const bad of ['30', '', '5x', 's', '-1s']) t.throws(() => parseDuration(bad), bad)
})

t.test('reads graceful-init options up to -- or the first non-option', async t => {
  const cl = parseInitArgs(['-v', '--drain=5s', '--pre-stop', 'sleep 1', '--grace', '2s', '--', 'node', '--drain', '9s'])
  t.same(Object.fromEntries(cl.options), { drain: ['5s'], 'pre-stop': ['sleep 1'], grace: ['2s'] })
  t.same(cl.command, ['node', '--drain', '9s'])
  t.same(parseInitArgs(['-c', 'sh', '-c', 'exit 3']).command, ['sh', '-c', 'exit 3'])
  t.throws(() => parseInitArgs(['--drian', '5s', '--', 'node']), /unknown graceful-init option --drian/)
})

t.test('the budget check refuses a stop sequence that does not fit', async t => {
  const problems = (flags: string[], gracePeriod = 30) => {
    const args = [...flags, '--', 'app']
    return budgetProblems({ name: 'x', args, env: {}, commandLine: parseInitArgs(args), k8sPreStop: undefined }, gracePeriod)
  }
  t.same(problems(['--drain', '10s', '--grace', '19s']), [])
  t.match(problems(['--drain', '10s', '--grace', '20s']), [/needs 30000 ms/])
  t.match(problems(['--pre-stop', 'a', '--pre-stop', 'b', '--grace', '11s']), [/hooks 20000/])
  t.match(problems(['--pre-stop', 'a', '--hook-timeout', '2s', '--grace', '20s'], 23), [])
  t.match(problems(['--drain', '5s']), [/neither --grace nor --budget/])
  t.match(problems(['--grace', '5s', '--budget', '40s']), [/--budget 40000 ms is more/])
})

t.test('every graceful-init stop sequence fits in terminationGracePeriodSeconds', async t => {
  t.ok(files.length >= 3, `found ${files.length} YAML files in examples/kubernetes`)
  const found = findAll(t)
  t.ok(found.length >= 5, `found ${found.length} containers running graceful-init`)
  for (const file of files) t.ok(found.some(f => f.file === file), `${file} runs graceful-init`)
  for (const { file, workload, gracePeriod, container } of found) {
    t.same(budgetProblems(container, gracePeriod), [], `${file} ${workload} ${container.name}`)
    t.ok(container.commandLine.options.has('budget'), `${file} ${container.name} gives --budget`)
    t.ok(container.commandLine.command.length > 0, `${file} ${container.name} runs a command`)
  }
})

/** Runs the real binary with a manifest's flags and `true` as the command. */
function runInit(c: InitContainer, scratch: string, override: Record<string, string> = {}) {
  const cl = parseInitArgs(c.args)
  const flags = c.args.slice(0, c.args.length - cl.command.length)
  const fileFlags = new Set(['--ready-file', '--exit-file', '--drain-until-file'])
  const args = flags.map((a, i) => (fileFlags.has(flags[i - 1] ?? '') ? join(scratch, a.replaceAll('/', '_')) : override[flags[i - 1] ?? ''] ?? a))
  // Without NODE_OPTIONS: tap's processinfo hook stays out.
  const env = { PATH: process.env.PATH, ...c.env }
  return spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, initBin, ...args, 'true'], { env, encoding: 'utf8', timeout: 15_000 })
}

t.test('graceful-init accepts every command line in the manifests', async t => {
  const scratch = tempDir(t, 'gi-k8s-')
  const accepted: InitContainer[] = []
  for (const { file, container } of findAll(t)) {
    const r = runInit(container, scratch)
    t.equal(r.status, 0, `${file} ${container.name}: ${container.args.join(' ')}`, { stderr: r.stderr })
    if (r.status === 0 && container.args.includes('--budget')) accepted.push(container)
  }
  // The same check fails when the budget is too small: graceful-init refuses to start.
  const first = accepted[0]
  t.ok(first, 'some command line with --budget was accepted')
  if (first) {
    const r = runInit(first, scratch, { '--budget': '1s' })
    t.equal(r.status, 2, `exit 2 with --budget 1s instead of ${first.args[first.args.indexOf('--budget') + 1]}`)
    t.match(r.stderr, /--budget/, 'names --budget')
  }
})
