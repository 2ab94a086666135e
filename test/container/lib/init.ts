// The container's PID 1: graceful-init by default, or Debian's tini or dumb-init
// (GI_CONTAINER_INIT=tini|dumb-init) to check the harness against inits that are known good,
// or the portable build in a busybox-only root (GI_CONTAINER_INIT=portable, test/lib/portable.ts).
// Each test states the options it needs; an init that lacks one skips that test.
import { constants } from 'node:os'
import { PORTABLE_INIT } from '../../lib/portable.js'

export type InitName = 'graceful-init' | 'tini' | 'dumb-init' | 'portable'

/** What a test asks of the init, in graceful-init's terms. */
export interface InitOptions {
  /** `S:R` pairs, as for --rewrite (names like TERM or numbers). */
  rewrite?: string[]
  singleChild?: boolean
  verbose?: boolean
  drain?: string
  grace?: string
  stopSignals?: string[]
  /** Further graceful-init flags, passed as they are. */
  extra?: string[]
}

export interface InitSetup {
  name: InitName
  /** Absolute paths of node and the repo, as seen inside the container (bound at the same path). */
  node: string
  repo: string
}

/** The init chosen by $GI_CONTAINER_INIT (default graceful-init). */
export function chooseInit(env = process.env): InitName {
  const name = env.GI_CONTAINER_INIT ?? 'graceful-init'
  if (name === 'graceful-init' || name === 'tini' || name === 'dumb-init' || name === 'portable') return name
  throw new Error(`GI_CONTAINER_INIT="${name}": expected graceful-init, portable, tini or dumb-init`)
}

/** Why this init cannot do what the options ask, or false when it can (tap's `skip` value). */
export function unsupported(name: InitName, o: InitOptions): string | false {
  if (name === 'graceful-init' || name === 'portable') return false
  const missing: string[] = []
  if (o.drain !== undefined) missing.push('--drain')
  if (o.grace !== undefined) missing.push('--grace')
  if (o.stopSignals !== undefined) missing.push('--stop-signal')
  if (o.extra !== undefined) missing.push(o.extra.join(' '))
  if (name === 'tini' && o.rewrite !== undefined) missing.push('--rewrite')
  return missing.length ? `${name} has no ${missing.join(', ')}` : false
}

/** process.args of the container: the init, its flags, `--`, the command. */
export function initArgv(setup: InitSetup, o: InitOptions, cmd: string[]): string[] {
  switch (setup.name) {
    case 'graceful-init':
      return [setup.node, `${setup.repo}/bin/graceful-init.js`, ...gracefulInitFlags(o), '--', ...cmd]
    case 'portable':
      return [PORTABLE_INIT, ...gracefulInitFlags(o), '--', ...cmd]
    case 'dumb-init':
      return [
        '/usr/bin/dumb-init',
        ...(o.singleChild ? ['--single-child'] : []),
        ...(o.verbose ? ['--verbose'] : []),
        ...(o.rewrite ?? []).flatMap(r => ['--rewrite', r.split(':').map(toNumber).join(':')]),
        '--',
        ...cmd,
      ]
    case 'tini':
      // tini signals only the child unless -g; graceful-init's default is the group.
      return ['/usr/bin/tini', ...(o.singleChild ? [] : ['-g']), '--', ...cmd]
  }
}

function gracefulInitFlags(o: InitOptions): string[] {
  return [
    ...(o.verbose ? ['--verbose'] : []),
    ...(o.singleChild ? ['--single-child'] : []),
    ...(o.rewrite ?? []).flatMap(r => ['--rewrite', r]),
    ...(o.stopSignals ?? []).flatMap(s => ['--stop-signal', s]),
    ...(o.drain !== undefined ? ['--drain', o.drain] : []),
    ...(o.grace !== undefined ? ['--grace', o.grace] : []),
    ...(o.extra ?? []),
  ]
}

/** TERM, SIGTERM or 15 → 15 (dumb-init takes numbers only). */
function toNumber(signal: string): number {
  if (/^\d+$/.test(signal)) return Number(signal)
  const name = (signal.startsWith('SIG') ? signal : `SIG${signal}`) as keyof typeof constants.signals
  const n = constants.signals[name]
  if (n === undefined) throw new Error(`unknown signal ${signal}`)
  return n
}
