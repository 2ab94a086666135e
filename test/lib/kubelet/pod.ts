// The kubelet model's pod: graceful-init as PID 1 running examples/servers/nginx-like.js (TERM
// drops requests in flight, QUIT is graceful) on an ephemeral 127.0.0.1 port.
import { join } from 'node:path'
import { startInit, type InitProcess, type Teardown } from '../init-process.js'
import { node, repoRoot } from '../paths.js'

export interface Pod {
  init: InitProcess
  port: number
}

/** How long the example server takes to answer: requests are in flight when TERM lands. */
const RESPONSE_MS = { min: 100, max: 300 }

/** Starts graceful-init `initArgs` -- nginx-like.js as PID 1; resolves once the server listens. */
export async function startPod(t: Teardown, initArgs: string[]): Promise<Pod> {
  const server = join(repoRoot, 'examples', 'servers', 'nginx-like.js')
  const init = startInit(t, {
    pid1: true,
    args: ['-v', ...initArgs, '--', node, server, '--port', '0',
      '--min-delay', String(RESPONSE_MS.min), '--max-delay', String(RESPONSE_MS.max)],
  })
  const m = await init.stdout.waitFor(/^listening 127\.0\.0\.1:(\d+)$/m, 10_000)
  return { init, port: Number(m[1]) }
}
