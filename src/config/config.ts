// The settings graceful-init runs with: built by the option table from argv and env, then frozen.
import type { SignalName } from '../signals/names.js';
import type { RewriteTable } from '../signals/rewrite.js';

/** The environment as the init was given it. */
export type Env = Readonly<Record<string, string | undefined>>;

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFormat = 'auto' | 'json' | 'human';

export interface Config {
  readonly command: readonly string[];
  readonly rewrite: RewriteTable;
  /** Signal only the child (dumb-init -c), not its process group; no new session. */
  readonly singleChild: boolean;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** Become a child subreaper when not PID 1 (tini -s; on by default here). */
  readonly subreaper: boolean;
  /** Child exit codes reported as 0 (tini -e). */
  readonly remapExit: ReadonlySet<number>;
  /** Signal asked for on the parent's death (tini -p), if any. */
  readonly pdeathSignal: SignalName | undefined;
  /** Signals that start the stop sequence instead of being forwarded at once. */
  readonly stopSignals: ReadonlySet<SignalName>;
  readonly drainMs: number;
  readonly preStop: readonly string[];
  readonly hookTimeoutMs: number;
  readonly stopCommand: string | undefined;
  /** Time from the stop action to SIGKILL; undefined = wait for the child forever. */
  readonly graceMs: number | undefined;
  readonly budgetMs: number | undefined;
  readonly readyFile: string | undefined;
  /** Written when the child has exited (a sidecar's --drain-until-file waits for it). */
  readonly exitFile: string | undefined;
  /** Ends the drain as soon as this file exists; --drain stays the upper bound. */
  readonly drainUntilFile: string | undefined;
  /** Ends the drain once the child's TCP connections have received nothing for this long; --drain stays the upper bound. */
  readonly drainUntilIdleMs: number | undefined;
  /** What must be ready before the child starts. */
  readonly waitFor: readonly WaitTarget[];
  readonly waitTimeoutMs: number;
  /** host:port of the HTTP probe endpoint (/readyz, /livez), off when undefined. */
  readonly healthListen: { host: string; port: number } | undefined;
}

export type WaitTarget = { kind: 'tcp'; host: string; port: number; text: string } | { kind: 'file'; path: string; text: string };

/** A Config while options are still being applied to it. */
export type Draft = { -readonly [K in keyof Config]: Config[K] } & {
  verbosity: number;
  logLevelSet: boolean;
  action: 'run' | 'help' | 'version';
  rewrite: Map<SignalName, SignalName | null>;
  remapExit: Set<number>;
  stopSignals: Set<SignalName>;
  preStop: string[];
  waitFor: WaitTarget[];
};

/** Default hook timeout: long enough for a deregistration call, short against a typical budget. */
export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;
/** Default bound of --wait-for: long enough for a database to start, short of a crash loop's patience. */
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;

export function newDraft(): Draft {
  return {
    command: [],
    rewrite: new Map(),
    singleChild: false,
    logLevel: 'warn',
    logFormat: 'auto',
    subreaper: true,
    remapExit: new Set(),
    pdeathSignal: undefined,
    stopSignals: new Set(),
    drainMs: 0,
    preStop: [],
    hookTimeoutMs: DEFAULT_HOOK_TIMEOUT_MS,
    stopCommand: undefined,
    graceMs: undefined,
    budgetMs: undefined,
    readyFile: undefined,
    exitFile: undefined,
    drainUntilFile: undefined,
    drainUntilIdleMs: undefined,
    waitFor: [],
    waitTimeoutMs: DEFAULT_WAIT_TIMEOUT_MS,
    healthListen: undefined,
    verbosity: 0,
    logLevelSet: false,
    action: 'run',
  };
}
