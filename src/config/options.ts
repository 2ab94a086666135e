// The one table of options: each row drives its flag, its GRACEFUL_INIT_* variable, its parser
// and its --help line. A new option is one row here.
import { DEFAULT_HOOK_TIMEOUT_MS, DEFAULT_WAIT_TIMEOUT_MS, type Draft, type LogFormat, type LogLevel } from './config.js';
import { formatDuration, parseDuration } from './duration.js';
import { parseListenAddress, parseWaitTarget } from './targets.js';
import { catchableSignal, duration, listenedSignal, nonBlank, parsed, rewritePair } from './values.js';

export interface Option {
  long: string;
  short?: string;
  /** switch: no value (`--no-X` too if negatable); count: repeatable switch; value: takes one. */
  kind: 'switch' | 'count' | 'value';
  /** The value's name in --help. */
  value?: string;
  repeatable?: boolean;
  negatable?: boolean;
  /** false: no environment variable (help, version). */
  env?: false;
  /** How the env var of a repeatable option holds several values. */
  envSplit?: 'comma' | 'newline';
  group: 'Signals' | 'Stop sequence' | 'Sidecars and probes' | 'Reaping' | 'Logging' | 'General';
  help: string;
  /** Applies one value; a switch gets 'true' or 'false', a count a whole number. Returns why a value is bad. */
  apply(draft: Draft, value: string): string | undefined;
}

/** A duration above 0: an idle time of 0 would end the drain at once. */
const positiveDuration = (text: string) => (parseDuration(text) === 0 ? 'expected a duration above 0, like 2s' : parseDuration(text));

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const FORMATS: readonly LogFormat[] = ['auto', 'json', 'human'];

export const OPTIONS: readonly Option[] = [
  { long: 'rewrite', short: 'r', kind: 'value', value: 'S:R', repeatable: true, envSplit: 'comma', group: 'Signals',
    help: 'Rewrite received signal S to R before forwarding (names or numbers 1-31; R=0 drops it). Repeatable: -r TERM:QUIT -r 15:3',
    apply: rewritePair },
  { long: 'single-child', short: 'c', kind: 'switch', group: 'Signals',
    help: "Signal only the child, not its process group; the child stays in the init's session",
    apply: (d, v) => void (d.singleChild = v === 'true') },
  { long: 'kill-process-group', short: 'g', kind: 'switch', group: 'Signals',
    help: 'Signal the whole process group (the default; accepted for tini)',
    apply: (d, v) => void (d.singleChild = v !== 'true') },
  { long: 'stop-signal', kind: 'value', value: 'SIG', repeatable: true, envSplit: 'comma', group: 'Stop sequence',
    help: 'A received signal that starts the stop sequence (default TERM). Repeatable',
    apply: listenedSignal((d, signal) => void d.stopSignals.add(signal)) },
  { long: 'drain', kind: 'value', value: 'D', group: 'Stop sequence',
    help: 'Keep the child serving for D after the stop signal before the stop action (default 0)',
    apply: duration((d, ms) => (d.drainMs = ms)) },
  { long: 'pre-stop', kind: 'value', value: 'CMD', repeatable: true, envSplit: 'newline', group: 'Stop sequence',
    help: 'Shell command run (sh -c) at the stop signal, in order, inside the drain. Repeatable',
    apply: nonBlank('a shell command', (d, command) => void d.preStop.push(command)) },
  { long: 'hook-timeout', kind: 'value', value: 'D', group: 'Stop sequence',
    help: `Kill a pre-stop hook or stop command still running after D (default ${formatDuration(DEFAULT_HOOK_TIMEOUT_MS)})`,
    apply: duration((d, ms) => (d.hookTimeoutMs = ms)) },
  { long: 'stop-command', kind: 'value', value: 'CMD', group: 'Stop sequence',
    help: 'Run CMD (sh -c) as the stop action instead of forwarding the stop signal; falls back to the signal if it fails',
    apply: nonBlank('a shell command', (d, command) => (d.stopCommand = command)) },
  { long: 'grace', kind: 'value', value: 'D', group: 'Stop sequence',
    help: 'SIGKILL the child (as PID 1: every process) if it is still alive D after the stop action; exit 137',
    apply: duration((d, ms) => (d.graceMs = ms)) },
  { long: 'budget', kind: 'value', value: 'D', group: 'Stop sequence',
    help: "The orchestrator's stop timeout (terminationGracePeriodSeconds, docker stop -t): refuse to start if the stop sequence cannot fit",
    apply: duration((d, ms) => (d.budgetMs = ms)) },
  { long: 'ready-file', kind: 'value', value: 'PATH', group: 'Stop sequence',
    help: 'Write PATH once the child has started; remove it the moment the stop sequence begins',
    apply: nonBlank('a file path', (d, path) => (d.readyFile = path)) },
  { long: 'exit-file', kind: 'value', value: 'PATH', group: 'Sidecars and probes',
    help: "Write PATH (the child's exit code) once the child has exited, for a sidecar's --drain-until-file",
    apply: nonBlank('a file path', (d, path) => (d.exitFile = path)) },
  { long: 'drain-until-file', kind: 'value', value: 'PATH', group: 'Sidecars and probes',
    help: 'End the drain as soon as PATH exists (--drain stays the upper bound): a proxy outlives its app',
    apply: nonBlank('a file path', (d, path) => (d.drainUntilFile = path)) },
  { long: 'drain-until-idle', kind: 'value', value: 'D', group: 'Stop sequence',
    help: "End the drain once no TCP connection to the child's listening sockets has received data for D (--drain stays the upper bound)",
    apply: parsed(positiveDuration, (d, ms) => (d.drainUntilIdleMs = ms)) },
  { long: 'wait-for', kind: 'value', value: 'TARGET', repeatable: true, envSplit: 'comma', group: 'Sidecars and probes',
    help: 'Hold the child until tcp://HOST:PORT accepts or file:PATH exists. Repeatable',
    apply: parsed(parseWaitTarget, (d, target) => void d.waitFor.push(target)) },
  { long: 'wait-timeout', kind: 'value', value: 'D', group: 'Sidecars and probes',
    help: `Give up --wait-for after D and exit 1 without starting the child (default ${formatDuration(DEFAULT_WAIT_TIMEOUT_MS)})`,
    apply: duration((d, ms) => (d.waitTimeoutMs = ms)) },
  { long: 'health-listen', kind: 'value', value: 'ADDR:PORT', group: 'Sidecars and probes',
    help: 'Serve GET /readyz (200 running, 503 from the stop signal on) and GET /livez over HTTP (off by default)',
    apply: parsed(parseListenAddress, (d, address) => (d.healthListen = address)) },
  { long: 'subreaper', short: 's', kind: 'switch', negatable: true, group: 'Reaping',
    help: 'Adopt orphans as a child subreaper when not PID 1 (default on; --no-subreaper turns it off)',
    apply: (d, v) => void (d.subreaper = v === 'true') },
  { long: 'remap-exit', short: 'e', kind: 'value', value: 'N', repeatable: true, envSplit: 'comma', group: 'Reaping',
    help: 'Report child exit code N as 0. Repeatable',
    apply: (d, v) => {
      if (!/^\d+$/.test(v.trim()) || Number(v) > 255) return 'expected an exit code 0-255';
      d.remapExit.add(Number(v));
      return undefined;
    } },
  { long: 'pdeath-signal', short: 'p', kind: 'value', value: 'SIG', group: 'Reaping',
    help: "Ask the kernel for SIG when the init's parent dies (it is then forwarded like any signal)",
    apply: catchableSignal((d, signal) => (d.pdeathSignal = signal)) },
  { long: 'verbose', short: 'v', kind: 'count', group: 'Logging',
    help: 'Log every signal, rewrite, forward and exit (-v info, -vv debug)',
    apply: (d, v) => void (d.verbosity += Number(v)) },
  { long: 'log-level', kind: 'value', value: 'LEVEL', group: 'Logging',
    help: `One of ${LEVELS.join(', ')} (default warn)`,
    apply: (d, v) => {
      if (!LEVELS.includes(v as LogLevel)) return `expected one of ${LEVELS.join(', ')}`;
      d.logLevel = v as LogLevel;
      d.logLevelSet = true;
      return undefined;
    } },
  { long: 'log-format', kind: 'value', value: 'FORMAT', group: 'Logging',
    help: 'json, human, or auto: human when stderr is a terminal (default auto)',
    apply: (d, v) => {
      if (!FORMATS.includes(v as LogFormat)) return `expected one of ${FORMATS.join(', ')}`;
      d.logFormat = v as LogFormat;
      return undefined;
    } },
  { long: 'version', short: 'V', kind: 'switch', env: false, group: 'General',
    help: 'Print the version and exit', apply: (d) => void (d.action = 'version') },
  { long: 'help', short: 'h', kind: 'switch', env: false, group: 'General',
    help: 'Print this help and exit', apply: (d) => void (d.action = 'help') },
];

/** GRACEFUL_INIT_DRAIN for --drain. */
export function envName(option: Option): string {
  return `GRACEFUL_INIT_${option.long.toUpperCase().replaceAll('-', '_')}`;
}
