// The recipes that are not run here: graceful-init accepts their command lines as they are, and
// each compose file's stop_grace_period is the --budget of that service's graceful-init.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { initCommand, ourInitOnlyReason } from '../lib/inits.js'
import { compose, dockerfile, flagValue, initFlags } from '../lib/examples/recipe.js'

t.test('command lines that are not run here are accepted as they are', { skip: ourInitOnlyReason('the recipes use its flags') }, async t => {
  const [cmd, ...args] = initCommand()
  for (const [file, path] of [['examples/passenger/Dockerfile', 'passenger/Dockerfile'], ['Dockerfile.example', '../Dockerfile.example']] as const) {
    const flags = initFlags(dockerfile(path).entrypoint)
    const { status, stderr } = spawnSync(cmd!, [...args, ...flags, 'true'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } })
    t.equal(status, 0, `${file}: graceful-init accepts its flags and budget`, { stderr })
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
