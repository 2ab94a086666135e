// argv + env → a frozen Config. Pure: reads only its arguments, throws UsageError (exit 2).
// Options end at the first word that is not an option (`graceful-init sh -c 'exit 3'`), as in dumb-init.
import { UsageError } from '../errors.js';
import { applyBudget } from './budget.js';
import { newDraft, type Config, type Draft, type Env } from './config.js';
import { envName, OPTIONS, type Option } from './options.js';
import { applyLegacyEnv } from './legacy-env.js';

export type { Env } from './config.js';

const byLong = new Map(OPTIONS.map((o) => [o.long, o]));
const byShort = new Map(OPTIONS.filter((o) => o.short).map((o) => [o.short as string, o]));

/** The options set so far (by a flag, or else by env), each as the user gave it: `--budget "30s"`. */
type Given = Map<Option, string>;

function apply(draft: Draft, given: Given, option: Option, value: string, label: string): void {
  given.set(option, `${label} "${value}"`);
  const why = option.apply(draft, value);
  if (why !== undefined) throw new UsageError(`${label} "${value}": ${why}`);
}

/** Reads flags from argv until the command; returns the index of the command's first word. */
function parseFlags(argv: readonly string[], draft: Draft, given: Given): number {
  let i = 0;
  const valueFor = (option: Option, label: string): string => {
    const next = argv[++i];
    if (next === undefined) throw new UsageError(`${label}: expected a value (${option.value})`);
    return next;
  };
  for (; i < argv.length && draft.action === 'run'; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return i + 1;
    if (arg.startsWith('--')) {
      const [name, inline] = splitOnce(arg.slice(2), '=');
      const negated = name.startsWith('no-') && byLong.get(name.slice(3))?.negatable ? byLong.get(name.slice(3)) : undefined;
      const option = negated ?? byLong.get(name);
      if (!option) throw new UsageError(`unknown option "${arg}" (see graceful-init --help)`);
      const label = `--${name}`;
      if (option.kind !== 'value' && inline !== undefined) throw new UsageError(`${label} "${inline}": takes no value`);
      const value = option.kind === 'value' ? (inline ?? valueFor(option, label)) : option.kind === 'count' ? '1' : String(!negated);
      apply(draft, given, option, value, label);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of short flags (-vc, -vv); a value-taking one eats the rest of the word or the next.
      for (let j = 1; j < arg.length; j++) {
        const short = arg[j] as string;
        const option = byShort.get(short);
        if (!option) throw new UsageError(`unknown option "-${short}" (see graceful-init --help)`);
        const label = `-${short}`;
        if (option.kind === 'value') {
          apply(draft, given, option, j + 1 < arg.length ? arg.slice(j + 1) : valueFor(option, label), label);
          break;
        }
        apply(draft, given, option, option.kind === 'count' ? '1' : 'true', label);
      }
    } else {
      return i;
    }
  }
  return i;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** GRACEFUL_INIT_* variables, for the options no flag set. Empty variables count as unset. */
function parseEnv(env: Env, draft: Draft, given: Given): void {
  for (const option of OPTIONS) {
    if (option.env === false || given.has(option)) continue;
    const name = envName(option);
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (option.kind === 'value') {
      const values = option.repeatable ? raw.split(option.envSplit === 'newline' ? /\r?\n/ : ',') : [raw];
      for (const value of values.filter((v) => v.trim() !== '')) apply(draft, given, option, value.trim(), name);
    } else if (option.kind === 'count' && /^\d+$/.test(raw.trim())) {
      apply(draft, given, option, raw.trim(), name);
    } else if (TRUE.test(raw.trim()) || FALSE.test(raw.trim())) {
      const on = TRUE.test(raw.trim());
      apply(draft, given, option, option.kind === 'count' ? (on ? '1' : '0') : String(on), name);
    } else {
      throw new UsageError(`${name} "${raw}": expected 1 or 0 (true or false)${option.kind === 'count' ? ' or a count' : ''}`);
    }
  }
}

/** Parses the command line and environment into a frozen Config, or throws UsageError. */
export function parseConfig(argv: readonly string[], env: Env): Config & { action: Draft['action'] } {
  const draft = newDraft();
  const given: Given = new Map();
  const commandAt = parseFlags(argv, draft, given);
  if (draft.action !== 'run') return Object.freeze(draft);
  draft.command = argv.slice(commandAt);
  parseEnv(env, draft, given);
  applyLegacyEnv(env, draft, new Set([...given.keys()].map((o) => o.long)));
  if (draft.command.length === 0 || draft.command[0] === '') {
    throw new UsageError('no command given: usage is graceful-init [options] [--] COMMAND [ARGS...]');
  }
  if (!draft.logLevelSet && draft.verbosity > 0) draft.logLevel = draft.verbosity === 1 ? 'info' : 'debug';
  if (draft.stopSignals.size === 0) draft.stopSignals.add('SIGTERM');
  if (draft.drainUntilFile !== undefined && draft.drainMs === 0) {
    throw new UsageError(`--drain-until-file "${draft.drainUntilFile}": needs --drain as its upper bound, like --drain 30s`);
  }
  if (draft.drainUntilIdleMs !== undefined && draft.drainMs === 0) {
    throw new UsageError(`${given.get(byLong.get('drain-until-idle') as Option)}: needs --drain as its upper bound, like --drain 60s --drain-until-idle 2s`);
  }
  const overBudget = applyBudget(draft);
  if (overBudget) throw new UsageError(`${given.get(byLong.get('budget') as Option)}: ${overBudget}`);
  return Object.freeze(draft);
}
