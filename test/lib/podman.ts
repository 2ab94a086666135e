// podman as a user runs it: `npm run dist`'s OCI layout pulled, an app image built `FROM` a base
// with `COPY --from=` it, containers run and stopped. As in container/runtime.ts, a tmpfs hides
// the hybrid cgroup2 mount crun refuses (--cgroups disabled), and rlimits are lowered, never
// raised (root lacks CAP_SYS_RESOURCE).
import { execFileSync, spawnSync } from 'node:child_process'
import { hidingCgroup2, hostHybridCgroup2 } from './container/runtime.js'

/** Runs a podman subcommand and returns its stdout; throws with its stderr. */
export function podman(...args: string[]): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout: 300_000 })
  if (r.error) throw new Error(`podman is not installed (apt-get install podman): ${r.error.message}`)
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return r.stdout
}

const RUN_FLAGS = ['--cgroups', 'disabled', '--network', 'none', '--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096']

/** argv of `podman run ARGS` (no network, see above). */
export function podmanRun(args: string[]): string[] {
  return hidingCgroup2(hostHybridCgroup2(), ['podman', 'run', ...RUN_FLAGS, ...args])
}

/** Imports a root directory as an image (the base of an app image) named `name`. */
export function importRoot(dir: string, name: string): void {
  const tar = execFileSync('tar', ['-C', dir, '-c', '.'], { maxBuffer: 1 << 30 })
  const r = spawnSync('podman', ['import', '-', name], { input: tar, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`podman import exited ${r.status}: ${r.stderr}`)
}
