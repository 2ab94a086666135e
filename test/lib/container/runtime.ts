// How to invoke crun here, and whether it can run. crun 1.8 refuses a hybrid cgroup layout (v1
// controllers plus e.g. /sys/fs/cgroup/unified) even with --cgroup-manager=disabled, so `crun run`
// runs where a tmpfs hides the cgroup2 mount; `crun kill/exec/delete` need only the state dir.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface Runtime {
  crun: string
  stateDir: string
  /** The cgroup2 mount point to hide under a tmpfs, when the host's layout is hybrid. */
  hiddenCgroup2: string | undefined
}

/** The cgroup2 mount of a hybrid layout (cgroup v1 controllers mounted too), if any. */
export function findHybridCgroup2(mountinfo: string): string | undefined {
  let v1 = false
  let v2: string | undefined
  for (const line of mountinfo.split('\n')) {
    // mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
    const [left, right] = line.split(' - ')
    const mountPoint = left?.split(' ')[4]
    const fsType = right?.split(' ')[0]
    if (fsType === 'cgroup') v1 = true
    if (fsType === 'cgroup2' && mountPoint !== undefined) v2 = mountPoint
  }
  return v1 ? v2 : undefined
}

export function hostHybridCgroup2(): string | undefined {
  return findHybridCgroup2(readFileSync('/proc/self/mountinfo', 'utf8'))
}

/** `argv` in a private mount namespace where a tmpfs hides the cgroup2 mount `hidden`, if any. */
export function hidingCgroup2(hidden: string | undefined, argv: string[]): string[] {
  if (hidden === undefined) return argv
  return ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', `mount -t tmpfs -o size=4k none ${hidden} && exec "$@"`, 'sh', ...argv]
}

/** Why containers cannot run here, or undefined when they can. */
export function runtimeProblem(crun: string): string | undefined {
  if (process.platform !== 'linux') return 'containers need Linux'
  if (process.getuid?.() !== 0) return 'crun needs root (no user namespace is set up)'
  for (const cmd of [crun, 'unshare']) {
    const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' })
    if (r.error || r.status !== 0) return `${cmd} is not installed (apt-get install -y crun util-linux)`
  }
}

/** crun from $GI_CRUN or PATH, with its state in `stateDir`. */
export function detectRuntime(stateDir: string): Runtime {
  const hiddenCgroup2 = hostHybridCgroup2()
  if (hiddenCgroup2 !== undefined && !/^\/[\w/.-]+$/.test(hiddenCgroup2)) {
    throw new Error(`unexpected cgroup2 mount point ${JSON.stringify(hiddenCgroup2)}`)
  }
  return { crun: process.env.GI_CRUN ?? 'crun', stateDir, hiddenCgroup2 }
}

/** The command that runs a container in the foreground and exits with its status. */
export function runCommand(rt: Runtime, bundle: string, id: string): string[] {
  return hidingCgroup2(rt.hiddenCgroup2, crunCommand(rt, 'run', '--bundle', bundle, id))
}

/** A crun subcommand, with our own state dir and no cgroups (the tests set no resources). */
export function crunCommand(rt: Runtime, ...args: string[]): string[] {
  return [rt.crun, '--root', rt.stateDir, '--cgroup-manager=disabled', ...args]
}
