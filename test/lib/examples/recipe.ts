// The recipes in examples/: a Dockerfile's ENTRYPOINT and CMD, a compose file's services,
// graceful-init's flags in them, and a config copied with ports and paths changed.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { repoRoot } from '../paths.js'

export const examples = join(repoRoot, 'examples')

/** A Dockerfile's JSON-form instruction `word` (ENTRYPOINT, CMD); `path` is under examples/. */
export function jsonForm(path: string, word: string): string[] {
  const m = new RegExp(`^${word}\\s+(\\[.*\\])\\s*$`, 'm').exec(readFileSync(join(examples, path), 'utf8'))
  if (!m) throw new Error(`${path}: no JSON-form ${word}`)
  return JSON.parse(m[1]!) as string[]
}

export function dockerfile(path: string): { entrypoint: string[]; cmd: string[] } {
  return { entrypoint: jsonForm(path, 'ENTRYPOINT'), cmd: jsonForm(path, 'CMD') }
}

export interface ComposeService {
  entrypoint?: string[]
  command?: string[]
  environment?: Record<string, string>
  stop_grace_period?: string
  build?: { dockerfile?: string } | string
}

export function compose(path: string): Record<string, ComposeService> {
  return (parseYaml(readFileSync(join(examples, path), 'utf8')) as { services: Record<string, ComposeService> }).services
}

/** graceful-init's own arguments in an entrypoint, up to and including `--`. */
export function initFlags(entrypoint: string[]): string[] {
  if (!/(^|\/)graceful-init$/.test(entrypoint[0] ?? '')) throw new Error(`not graceful-init: ${entrypoint.join(' ')}`)
  if (entrypoint.at(-1) !== '--') throw new Error(`the entrypoint should end with --: ${entrypoint.join(' ')}`)
  return entrypoint.slice(1)
}

export function flagValue(flags: string[], name: string): string | undefined {
  const i = flags.indexOf(name)
  return i >= 0 ? flags[i + 1] : undefined
}

/** Replaces each `from` (which must be there: the example changed otherwise) by `to`. */
export function substitute(text: string, pairs: Array<[string, string]>, what: string): string {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${what}: "${from}" not found; update test/examples/`)
    text = text.split(from).join(to)
  }
  return text
}

/** The example's config, substituted, written into dir; returns its path. */
export function adaptConfig(example: string, dir: string, pairs: Array<[string, string]>): string {
  const out = join(dir, example.replace(/\//g, '-'))
  writeFileSync(out, substitute(readFileSync(join(examples, example), 'utf8'), pairs, example))
  return out
}

/** The examples log to /dev/stdout; the harness's is a socket, which cannot be opened by path (ENXIO). */
export const STDIO_LOGS = (dir: string): Array<[string, string]> => [['access_log /dev/stdout;', `access_log ${dir}/access.log;`]]
