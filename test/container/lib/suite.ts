// Per test file: one crun state dir, one rootfs skeleton, a bundle per container, and a
// teardown that always runs `crun delete -f` and removes the directories.
// Fails the file where containers cannot run (no root, no crun): a container suite that quietly
// skips proves nothing. GI_CONTAINER_OPTIONAL=1 turns that into a skip on a laptop without crun.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hostBinds, makeBundle, makeRootfs } from './bundle.js'
import type { Bind } from './oci-config.js'
import { Container } from './container.js'
import { chooseInit, initArgv, unsupported, type InitName, type InitOptions } from './init.js'
import { FIXTURE_NODE, portableContainerRoot } from '../../lib/portable.js'
import { crunCommand, detectRuntime, runCommand, runtimeProblem, type Runtime } from './runtime.js'

/** The repo root, bound into every container at the same path. */
export const repo = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)))
/** node, as run inside the container (the host's, bound read-only; in the portable root, its own). */
export const node = chooseInit() === 'portable' ? FIXTURE_NODE : realpathSync(process.execPath)

/** A fixture script's path (inside the container too). */
export function fixture(name: string): string {
  return join(repo, 'test/container/fixtures', name)
}

/** The parts of tap's Test that the suite uses. */
interface TapLike {
  plan(n: number, reason?: string): void
  fail(message: string): void
  teardown(fn: () => unknown): void
}

export interface StartInput {
  /** The init's options; ignored when `pid1` is given. */
  init?: InitOptions
  /** The command the init runs. */
  cmd?: string[]
  /** Run this as PID 1 instead of an init (harness self-checks). */
  pid1?: string[]
  env?: Record<string, string>
  /** Host directories bound read-write at these container paths (a pod's shared emptyDir). */
  volumes?: { host: string; container: string }[]
}

export class Suite {
  readonly init: InitName = chooseInit()
  #n = 0
  #containers = new Set<Container>()

  constructor(
    private readonly rt: Runtime,
    private readonly dir: string,
    private readonly rootfs: string,
    /** What every container binds: the host's OS and the repo, or (portable) the fixtures only. */
    private readonly binds: Bind[],
  ) {}

  /** tap's `skip` value for a test that needs these options. */
  skip(o: InitOptions): string | false {
    return unsupported(this.init, o)
  }

  /** Starts a container (`crun run` in the background); `crun delete -f` runs at teardown. */
  start(input: StartInput): Container {
    const id = `gi-test-${process.pid}-${++this.#n}`
    if (!input.pid1 && this.init === 'graceful-init' && !existsSync(join(repo, 'bin/graceful-init.js'))) {
      throw new Error(`${repo}/bin/graceful-init.js is missing: run npm run build`)
    }
    const args = input.pid1 ?? initArgv({ name: this.init, node, repo }, input.init ?? {}, input.cmd ?? [])
    const volumes = (input.volumes ?? []).map(v => ({ path: v.host, destination: v.container, writable: true }))
    for (const v of volumes) mkdirSync(join(this.rootfs, v.destination), { recursive: true })
    const bundle = makeBundle({
      dir: join(this.dir, 'bundles', id),
      rootfs: this.rootfs,
      binds: [...this.binds, ...volumes],
      args,
      env: input.env,
    })
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
      const [cmd, ...args] = crunCommand(this.rt, 'delete', '-f', c.id)
      if (cmd !== undefined) spawnSync(cmd, args, { stdio: 'ignore' })
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** Sets up the containers of one test file, or skips (or fails) it when they cannot run. */
export function setupSuite(t: TapLike): Suite | undefined {
  const problem = runtimeProblem(process.env.GI_CRUN ?? 'crun')
  if (problem !== undefined) {
    if (process.env.GI_CONTAINER_OPTIONAL === '1') t.plan(0, `containers cannot run here: ${problem}`)
    else t.fail(`containers cannot run here: ${problem} (install crun and run as root, or set GI_CONTAINER_OPTIONAL=1)`)
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'gi-container-'))
  let rootfs = join(dir, 'rootfs')
  let binds = hostBinds(repo)
  if (chooseInit() === 'portable') {
    // A busybox-only root outside `dir`: removed with it (Suite.teardown removes `dir` only).
    const root = portableContainerRoot()
    process.once('exit', root.remove)
    ;({ rootfs, binds } = root)
  } else {
    makeRootfs(rootfs, binds)
  }
  const suite = new Suite(detectRuntime(join(dir, 'state')), dir, rootfs, binds)
  const onExit = (): void => suite.teardownSync()
  process.once('exit', onExit)
  t.teardown(async () => {
    process.removeListener('exit', onExit)
    await suite.teardown()
  })
  return suite
}
