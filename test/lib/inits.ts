// The init under test in every placement: graceful-init, or Debian's tini or dumb-init
// (GI_TEST_INIT) to check the harness and fixtures against known-good inits.
import { constants } from 'node:os'
import { join } from 'node:path'
import { initBin, node } from './paths.js'
import { PORTABLE_INIT, portableDir } from './portable.js'

const INIT_NAMES = ['graceful-init', 'tini', 'dumb-init'] as const
type InitName = (typeof INIT_NAMES)[number]
/** graceful-init's portable build (dist/portable): a placement of its own, not a GI_TEST_INIT choice. */
export type ContainerInit = InitName | 'portable'

const chosen = process.env.GI_TEST_INIT || 'graceful-init'
if (!INIT_NAMES.includes(chosen as InitName)) throw new Error(`GI_TEST_INIT="${chosen}": expected ${INIT_NAMES.join(', ')}`)
export const testedInit = chosen as InitName

export const otherInit = testedInit !== 'graceful-init'

/** Why a case of a graceful-init feature (`what`) cannot run against the init tested, or false. */
export function ourInitOnlyReason(what: string): string | false {
  return otherInit && `graceful-init only: ${what} (GI_TEST_INIT=${testedInit})`
}

/** Skips a whole file of a graceful-init feature (`what`) when another init is tested. */
export function ourInitOnly(t: { plan(n: number, why: string): void }, what: string): void {
  const why = ourInitOnlyReason(what)
  if (why) t.plan(0, why)
}

/** The init's command on the host, before its own options. */
export function initCommand(name: ContainerInit = testedInit): string[] {
  if (name === 'portable') return [join(portableDir(), 'bin/graceful-init')]
  return name === 'graceful-init' ? [node, initBin] : [`/usr/bin/${name}`]
}

/** What a test asks of the init, in graceful-init's terms. */
export interface InitOptions {
  /** `S:R` pairs, as for --rewrite (names like TERM or numbers). */
  rewrite?: string[]
  singleChild?: boolean
  verbose?: boolean
  drain?: string
  grace?: string
  stopSignals?: string[]
  /** Further graceful-init flags. */
  extra?: string[]
}

/** Why this init cannot do what the options ask, or false when it can (tap's `skip` value). */
export function unsupported(o: InitOptions, name: ContainerInit = testedInit): string | false {
  if (name === 'graceful-init' || name === 'portable') return false
  const missing: string[] = []
  if (o.drain !== undefined) missing.push('--drain')
  if (o.grace !== undefined) missing.push('--grace')
  if (o.stopSignals !== undefined) missing.push('--stop-signal')
  if (o.extra !== undefined) missing.push(o.extra.join(' '))
  if (name === 'tini' && o.rewrite !== undefined) missing.push('--rewrite')
  return missing.length ? `${name} has no ${missing.join(', ')}` : false
}

/** The init, its flags for these options, `--`, the command. */
export function initArgv(o: InitOptions, cmd: string[], name: ContainerInit = testedInit): string[] {
  switch (name) {
    case 'graceful-init':
      return [...initCommand(name), ...gracefulInitFlags(o), '--', ...cmd]
    case 'portable':
      return [PORTABLE_INIT, ...gracefulInitFlags(o), '--', ...cmd]
    case 'dumb-init': {
      const rewrites = (o.rewrite ?? []).flatMap(r => ['--rewrite', r.split(':').map(toNumber).join(':')])
      return [...initCommand(name), ...(o.singleChild ? ['--single-child'] : []), ...(o.verbose ? ['--verbose'] : []), ...rewrites, '--', ...cmd]
    }
    case 'tini':
      // tini signals only the child unless -g; graceful-init's default is the group.
      return [...initCommand(name), ...(o.singleChild ? [] : ['-g']), '--', ...cmd]
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
  const n = constants.signals[(signal.startsWith('SIG') ? signal : `SIG${signal}`) as keyof typeof constants.signals]
  if (n === undefined) throw new Error(`unknown signal ${signal}`)
  return n
}
