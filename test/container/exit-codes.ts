// The container's exit code (what `docker wait` and the kubelet see) as PID 1 reports it.
import t from 'tap'
import { setupSuite } from './lib/suite.js'

const suite = setupSuite(t)
if (suite) {
  const cases: [name: string, cmd: string[], code: number][] = [
    ['exits 0 when the child exits 0', ['/bin/sh', '-c', 'exit 0'], 0],
    ['exits 3 when the child exits 3', ['/bin/sh', '-c', 'exit 3'], 3],
    ['exits 143 (128+15) when the child is killed by SIGTERM', ['/bin/sh', '-c', 'kill -TERM $$'], 143],
    ['exits 138 (128+10) when the child is killed by SIGUSR1', ['/bin/sh', '-c', 'kill -USR1 $$'], 138],
    ['exits 127 when the command does not exist', ['/no/such/command'], 127],
    ['exits 127 when the command is not on PATH', ['no-such-command-graceful-init'], 127],
    ['exits 126 when the command is not executable', ['/etc/passwd'], 126],
  ]
  for (const [name, cmd, code] of cases) {
    t.test(name, async t => {
      const c = suite.start({ cmd })
      const exit = await c.waitExit()
      t.equal(exit.code, code, 'exit code', { stderr: c.stderr.text })
    })
  }

  t.test("passes the child's stdout through untouched", async t => {
    const c = suite.start({ cmd: ['/bin/sh', '-c', 'printf "a\\nb\\n"; exit 4'] })
    const exit = await c.waitExit()
    t.equal(exit.code, 4)
    t.same(c.stdout.lines, ['a', 'b'])
  })
}
