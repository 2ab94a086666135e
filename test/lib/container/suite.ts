// The OCI-container placement (containerColumn): one crun state dir and rootfs skeleton, a bundle
// per container, a teardown that always runs `crun delete -f`. Fails where containers cannot run
// (quiet skips prove nothing); GI_CONTAINER_OPTIONAL=1 skips instead, for a laptop without crun.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Test } from 'tap'
import { join } from 'node:path'
import { initArgv, testedInit, unsupported, type ContainerInit, type InitOptions } from '../inits.js'
import { initBin, repoRoot } from '../paths.js'
import { portableContainerRoot } from '../portable.js'
import { hostBinds, makeBundle, makeRootfs } from './bundle.js'
import { Container } from './container.js'
import type { Bind } from './oci-config.js'
import { crunCommand, detectRuntime, runCommand, runtimeProblem, type Runtime } from './runtime.js'

export interface StartInput {
  /** The init's options; ignored when `pid1` is given. */
  init?: InitOptions
  cmd?: string[]
  /** Run this as PID 1 instead of an init (harness self-checks). */
  pid1?: string[]
  env?: Record<string, string>
  /** Host directories bound read-write at these container paths (a pod's shared emptyDir). */
  volumes?: { host: string; container: string }[]
}

export class Suite {
  #n = 0
  #containers = new Set<Container>()

  constructor(
    private readonly rt: Runtime,
    private readonly dir: string,
    private readonly rootfs: string,
    /** The host's OS and the repo, or (portable) the fixtures only. */
    private readonly binds: Bind[],
    readonly init: ContainerInit,
  ) {}

  /** tap's `skip` value for a test that needs these options. */
  skip(o: InitOptions): string | false {
    return unsupported(o, this.init)
  }

  /** Starts a container (`crun run` in the background); `crun delete -f` runs at teardown. */
  start(input: StartInput): Container {
    const id = `gi-test-${process.pid}-${++this.#n}`
    if (!input.pid1 && this.init === 'graceful-init' && !existsSync(initBin)) {
      throw new Error(`${initBin} is missing: run npm run build`)
    }
    const args = input.pid1 ?? initArgv(input.init ?? {}, input.cmd ?? [], this.init)
    const volumes = (input.volumes ?? []).map(v => ({ path: v.host, destination: v.container, writable: true }))
    for (const v of volumes) mkdirSync(join(this.rootfs, v.destination), { recursive: true })
    const bundle = makeBundle(join(this.dir, 'bundles', id), { rootfs: this.rootfs, binds: [...this.binds, ...volumes], args, env: input.env })
    const c = new Container(id, this.rt, runCommand(this.rt, bundle, id), bundle)
    this.#containers.add(c)
    return c
  }

  /** A fresh host directory for volumes, removed at teardown. */
  makeDir(name: string): string {
    const dir = join(this.dir, 'volumes', `${name}-${++this.#n}`)
    mkdirSync(dir, { recursive: true })
    return dir
  }

  async teardown(): Promise<void> {
    await Promise.all([...this.#containers].map(c => c.remove()))
    this.#containers.clear()
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** Last resort when the test process exits without teardown: synchronous delete. */
  teardownSync(): void {
    for (const c of this.#containers) {
      if (c.done) continue
      const [crun, ...args] = crunCommand(this.rt, 'delete', '-f', c.id)
      spawnSync(crun!, args, { stdio: 'ignore' })
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** Sets up the containers of one test file, or skips (or fails) it when they cannot run. */
function setupSuite(t: Test, init: ContainerInit): Suite | undefined {
  const problem = runtimeProblem(process.env.GI_CRUN ?? 'crun')
  if (problem !== undefined) {
    if (process.env.GI_CONTAINER_OPTIONAL === '1') t.plan(0, `containers cannot run here: ${problem}`)
    else t.fail(`containers cannot run here: ${problem} (install crun and run as root, or set GI_CONTAINER_OPTIONAL=1)`)
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'gi-container-'))
  let rootfs = join(dir, 'rootfs')
  let binds: Bind[] = hostBinds(repoRoot)
  if (init === 'portable') {
    // A busybox-only root outside `dir`, removed at exit (Suite.teardown removes `dir` only).
    const root = portableContainerRoot()
    process.once('exit', root.remove)
    ;({ rootfs, binds } = root)
  } else {
    makeRootfs(rootfs, binds)
  }
  const suite = new Suite(detectRuntime(join(dir, 'state')), dir, rootfs, binds, init)
  const onExit = () => suite.teardownSync()
  process.once('exit', onExit)
  t.teardown(async () => {
    process.removeListener('exit', onExit)
    await suite.teardown()
  })
  return suite
}

/** The init under test with the host's files bound in, or the portable build in a busybox-only
 * root with only the fixtures and their Node (issue 10: the same cases with no Node, no libc). */
const COLUMNS: { init: ContainerInit; title: string }[] = [
  { init: testedInit, title: 'as PID 1 of an OCI container (crun)' },
  ...(testedInit === 'graceful-init'
    ? [{ init: 'portable' as const, title: 'as PID 1 of an OCI container (crun), the portable build in a busybox-only root' }]
    : []),
]

/** Per placement, a subtest whose cases share one suite; with `jobs` > 1, cases given
 * `parallel()` run that many at a time (most wait on drains). */
export function containerColumn(t: Test, title: string, cases: (t: Test, suite: Suite) => void, jobs = 1): void {
  for (const column of COLUMNS) {
    t.test(`${title}, ${column.title}`, { buffered: true }, async t => {
      t.jobs = jobs
      const suite = setupSuite(t, column.init)
      if (suite) cases(t, suite)
    })
  }
}
