// The recipes that are not run here: graceful-init accepts their command lines as they are, and
// each compose file's stop_grace_period is the --budget of that service's graceful-init.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { initCommand, ourInitOnlyReason } from '../lib/inits.js'
import { compose, dockerfile, flagValue, initFlags } from '../lib/examples/recipe.js'

/** Runs the init with these flags and `true`; its exit code, and stderr if it failed. */
function runFlags(flags: string[]): { code: number; out: string } {
  const [cmd, ...args] = initCommand()
  try {
    const out = execFileSync(cmd!, [...args, ...flags, 'true'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } })
    return { code: 0, out }
  } catch (err) {
    const e = err as { status: number; stderr: string }
    return { code: e.status, out: e.stderr }
  }
}

t.test('command lines that are not run here are accepted as they are', { skip: ourInitOnlyReason('the recipes use its flags') }, async t => {
  const cases: Array<[string, string[]]> = [
    ['examples/passenger/Dockerfile', initFlags(dockerfile('passenger/Dockerfile').entrypoint)],
    ['Dockerfile.example', initFlags(dockerfile('../Dockerfile.example').entrypoint)],
  ]
  for (const [file, flags] of cases) {
    const { code, out } = runFlags(flags)
    t.equal(code, 0, `${file}: graceful-init accepts its flags and budget`, { out })
  }
})

t.test('compose files: each stop_grace_period is the graceful-init --budget', async t => {
  for (const file of ['nginx-php-fpm/compose.yaml', 'sidecar/compose.yaml']) {
    for (const [name, service] of Object.entries(compose(file))) {
      const entrypoint = service.entrypoint ?? dockerfile(join(dirname(file), (service.build as { dockerfile: string }).dockerfile)).entrypoint
      t.equal(service.stop_grace_period, flagValue(initFlags(entrypoint), '--budget'), `${file} ${name}: stop_grace_period = --budget`)
    }
  }
})
