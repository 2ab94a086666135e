// The init's exit status (the child's, 128+signal, 126/127, --remap-exit, -V/-h) in every mode,
// and in a container (crun run's status: what `docker wait` and the kubelet see).
import t, { type Test } from 'tap'
import { OPTIONS } from '../src/config/options.js'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findHybridCgroup2 } from './lib/container/runtime.js'
import { containerColumn } from './lib/container/suite.js'
import { runInit } from './lib/init-process.js'
import { modeArgs, modes, placements } from './lib/modes.js'
import { inParallel } from './lib/parallel.js'
import { repoRoot } from './lib/paths.js'
import { tempDir } from './lib/stop/temp.js'

const dir = tempDir(t, 'gi-exit-')
const notExecutable = join(dir, 'not-executable.sh')
writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n')
chmodSync(notExecutable, 0o644)

/** [behaviour, init args (options and command), expected exit code] */
type Row = [string, string[], number]
const passes = (n: number): Row => [`exit ${n} is passed through`, ['sh', '-c', `exit ${n}`], n]
/** `dumps`: the signal would dump core, so the limit goes to 0 first. */
const killedBy = (sig: string, code: number, dumps = false): Row =>
  [`a child killed by SIG${sig} gives ${code}`, ['sh', '-c', `${dumps ? 'ulimit -c 0; ' : ''}kill -${sig} $$`], code]

const cases: Row[] = [
  ['options end at the first non-option', ['sh', '-c', 'exit 3'], 3],
  ['`--` ends the options', ['--', 'sh', '-c', 'exit 4'], 4],
  ['option-like words after the command are the command\'s', ['sh', '-c', 'test "$*" = "-v -c --help -V" && exit 5', 'sh', '-v', '-c', '--help', '-V'], 5],
  ...[0, 1, 3, 127, 255].map(passes),
  killedBy('HUP', 129), killedBy('INT', 130), killedBy('QUIT', 131, true),
  killedBy('KILL', 137), killedBy('SEGV', 139, true), killedBy('TERM', 143),
  ['a command not found by path gives 127', ['/nonexistent/gi-test-command'], 127],
  ['a command not found on PATH gives 127', ['gi-test-no-such-command'], 127],
  ['a file that is not executable gives 126', [notExecutable], 126],
  ['a directory gives 126', [dir], 126],
  ['-e N reports exit N as 0', ['-e', '3', 'sh', '-c', 'exit 3'], 0],
  ['--remap-exit N reports exit N as 0', ['--remap-exit', '3', 'sh', '-c', 'exit 3'], 0],
  ['-e is repeatable (first value)', ['-e', '3', '-e', '4', 'sh', '-c', 'exit 3'], 0],
  ['-e is repeatable (second value)', ['-e', '3', '-e', '4', 'sh', '-c', 'exit 4'], 0],
  ['-e leaves other codes alone', ['-e', '3', '-e', '4', 'sh', '-c', 'exit 5'], 5],
  ['-g is accepted (tini compatibility)', ['-g', 'sh', '-c', 'exit 6'], 6],
]

function checkCodes<A>(t: Test, table: [string, A, number][], limit: number, run: (args: A) => Promise<{ code: number | null; stderr: string }>) {
  return inParallel(table, limit, async ([behaviour, args, code]) => {
    const r = await run(args)
    t.equal(r.code, code, behaviour, { stderr: r.stderr })
  })
}

for (const mode of modes) {
  t.test(`exit codes, ${mode.name}`, t =>
    checkCodes(t, cases, 3, args => {
      const [opts, cmd] = splitOptions(args)
      return runInit(t, { pid1: mode.pid1, args: [...opts, ...modeArgs(mode), ...cmd] })
    }),
  )
}

/** Puts the mode flag after the case's own options, so `--` and the command stay last. */
function splitOptions(args: string[]): [string[], string[]] {
  let i = 0
  while (i < args.length && args[i]!.startsWith('-') && args[i] !== '--') i += args[i] === '-e' || args[i] === '--remap-exit' ? 2 : 1
  return [args.slice(0, i), args.slice(i)]
}

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version

/** Every option of the table as --help must show it (long, --no- form, short). */
const flags = OPTIONS.flatMap(o => [`--${o.long}`, ...(o.negatable ? [`--no-${o.long}`] : []), ...(o.short ? [`-${o.short}`] : [])])

for (const mode of placements) {
  t.test(`version and help, ${mode.name}`, async t => {
    for (const flag of ['-V', '--version']) {
      const r = await runInit(t, { pid1: mode.pid1, args: [flag] })
      t.equal(r.code, 0, `${flag} exits 0`)
      t.match(r.stdout, version, `${flag} prints the package version (${version}) on stdout`)
    }
    for (const flag of ['-h', '--help']) {
      const r = await runInit(t, { pid1: mode.pid1, args: [flag] })
      t.equal(r.code, 0, `${flag} exits 0`)
      // `--[no-]subreaper` lists both --subreaper and --no-subreaper.
      const help = r.stdout.replace(/--\[no-\]([\w-]+)/g, '--$1 --no-$1')
      const missing = flags.filter(o => !new RegExp(`(^|[\\s,\\[|/])${o}(?![\\w-])`, 'm').test(help))
      t.same(missing, [], `${flag} lists every option on stdout`)
    }
  })
}

/** The rows that run in a container too (crun run's exit status), and two of its own. */
const inContainer: Row[] = [
  ...cases.filter(([behaviour]) => /^exit [03] is|by SIGTERM|not found/.test(behaviour)),
  killedBy('USR1', 138),
  // The host's temp dir is not in the container: a file of its own that is not executable.
  ['/etc/passwd (not executable) gives 126', ['/etc/passwd'], 126],
]

containerColumn(t, 'exit codes', (t, suite) => {
  t.test("crun run exits with the child's code, 128+signal, or 126/127", t =>
    checkCodes(t, inContainer, 2, async cmd => {
      const c = suite.start({ cmd })
      return { code: (await c.waitExit()).code, stderr: c.stderr.text }
    }),
  )
  t.test("passes the child's stdout through untouched", async t => {
    const c = suite.start({ cmd: ['/bin/sh', '-c', 'printf "a\\nb\\n"; exit 4'] })
    t.equal((await c.waitExit()).code, 4)
    t.same(c.stdout.lines(), ['a', 'b'])
  })

  t.test("negative control: a container's exit code is crun run's exit code, with no init", async t => {
    const c = suite.start({ pid1: ['/bin/sh', '-c', 'echo out; echo err >&2; exit 3'] })
    t.equal((await c.waitExit()).code, 3)
    t.same(c.stdout.lines(), ['out'])
    t.match(c.stderr.text, /err/)
  })
})

t.test('the container harness finds the cgroup2 mount of a hybrid cgroup layout only (crun refuses one)', async t => {
  const v1 = '30 25 0:26 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu'
  const v2 = '35 25 0:31 / /sys/fs/cgroup/unified rw,relatime shared:14 - cgroup2 cgroup2 rw'
  const pure = '25 1 0:24 / /sys/fs/cgroup rw,relatime shared:4 - cgroup2 cgroup2 rw'
  t.equal(findHybridCgroup2([v1, v2].join('\n')), '/sys/fs/cgroup/unified')
  t.equal(findHybridCgroup2(pure), undefined)
  t.equal(findHybridCgroup2(v1), undefined)
})
