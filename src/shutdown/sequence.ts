// The stop sequence (SPEC §4): t0 not-ready → pre-stop hooks inside the drain → stop action
// (forward the rewritten stop signal, or --stop-command) → grace → SIGKILL. The child exiting at
// any point ends it; a second stop signal cuts the drain short. Never throws: it logs.
import type { Config } from '../config/config.js';
import type { Log } from '../log.js';
import type { SignalName } from '../signals/names.js';
import type { Clock } from './clock.js';
import type { DrainEnds } from './drain-ends.js';
import type { HookRunner } from './hooks.js';
import type { Readiness } from '../readiness/readiness.js';

export interface StopDeps {
  config: Pick<Config, 'drainMs' | 'preStop' | 'hookTimeoutMs' | 'stopCommand' | 'graceMs'>;
  childPid(): number;
  /** Forwards a signal through the rewrite table (the forwarder). */
  forward(signal: SignalName): void;
  /** SIGKILLs the child's group, or every process when PID 1; returns what was targeted. */
  killAll(): string;
  hooks: HookRunner;
  readiness: Pick<Readiness, 'notReady'>;
  /** Resolves with why the drain ends early (--drain-until-file, --drain-until-idle), or undefined on abort. */
  drainEnds?: DrainEnds;
  /** What --drain-until-idle saw last (connections open and idle), for the line that ends the drain. */
  drainStatus?(): Record<string, unknown>;
  clock: Clock;
  log: Log;
}

export interface StopSequence {
  /** A stop signal arrived: starts the sequence, or cuts the drain short, or forwards it. */
  begin(signal: SignalName): void;
  /** The child has exited: the sequence ends (waits end, running hooks are killed). */
  childExited(): void;
  /** When the grace runs out (clock time), once the stop action has happened and a grace is set. */
  graceDeadline(): number | undefined;
  /** True once the grace ran out and the init sent SIGKILL (exit 137). */
  readonly killedByGrace: boolean;
}

export function createStopSequence(deps: StopDeps): StopSequence {
  const { config, clock, log } = deps;
  const ended = new AbortController();
  const drainCut = new AbortController();
  let t0: number | undefined;
  let acted = false;
  let graceEnd: number | undefined;
  let killedByGrace = false;
  const elapsedMs = () => Math.round(clock.now() - (t0 ?? clock.now()));
  const hookEnv = (signal: SignalName) => ({ GRACEFUL_INIT_SIGNAL: signal, GRACEFUL_INIT_CHILD_PID: String(deps.childPid()) });

  async function runHooks(signal: SignalName): Promise<void> {
    const env = hookEnv(signal);
    for (const [hook, command] of config.preStop.entries()) {
      if (ended.signal.aborted) return;
      log.info({ hook, command, elapsedMs: elapsedMs() }, 'stop: hook start');
      const result = await deps.hooks.run(command, env, config.hookTimeoutMs, ended.signal);
      const fields = { hook, command, ...result, elapsedMs: elapsedMs() };
      if (result.ok) log.info(fields, 'stop: hook done');
      else log.warn(fields, result.timedOut ? 'stop: hook timed out, killed' : 'stop: hook failed');
    }
  }

  async function drain(): Promise<void> {
    if (config.drainMs === 0) return;
    const over = new AbortController();
    const stop = AbortSignal.any([drainCut.signal, ended.signal, over.signal]);
    void deps.drainEnds?.(stop).then((end) => {
      if (!end || stop.aborted) return;
      log.info({ elapsedMs: elapsedMs(), ...end.fields }, end.msg);
      over.abort();
    });
    const full = await clock.sleep(config.drainMs, stop);
    over.abort();
    if (full) log.info({ elapsedMs: elapsedMs(), drainMs: config.drainMs, ended: 'upper bound', ...deps.drainStatus?.() }, 'stop: drain done');
  }

  async function stopAction(signal: SignalName): Promise<void> {
    acted = true;
    if (config.stopCommand !== undefined) {
      log.info({ command: config.stopCommand, elapsedMs: elapsedMs() }, 'stop: stop command');
      const result = await deps.hooks.run(config.stopCommand, hookEnv(signal), config.hookTimeoutMs, ended.signal);
      if (ended.signal.aborted) {
        log.info({ ...result, elapsedMs: elapsedMs() }, 'stop: stop command ended, the child exited first');
        return;
      }
      if (result.ok) {
        log.info({ ...result, elapsedMs: elapsedMs() }, 'stop: stop command done');
        return;
      }
      log.warn({ ...result, signal, elapsedMs: elapsedMs() }, 'stop: stop command failed, forwarding the stop signal');
    }
    log.info({ signal, elapsedMs: elapsedMs() }, 'stop: action');
    deps.forward(signal);
  }

  async function grace(): Promise<void> {
    if (config.graceMs === undefined) return;
    graceEnd = clock.now() + config.graceMs;
    if (!(await clock.sleep(config.graceMs, ended.signal))) return;
    killedByGrace = true;
    const target = deps.killAll();
    log.warn({ signal: 'SIGKILL', target, waitedMs: config.graceMs, elapsedMs: elapsedMs() }, 'stop: grace expired, killing');
  }

  async function run(signal: SignalName): Promise<void> {
    log.info({ signal, elapsedMs: 0, drainMs: config.drainMs, hooks: config.preStop.length }, 'stop: begin');
    deps.readiness.notReady();
    await Promise.all([runHooks(signal), drain()]);
    if (ended.signal.aborted) return;
    await stopAction(signal);
    if (ended.signal.aborted) return;
    await grace();
  }

  return {
    begin(signal) {
      if (t0 === undefined) {
        t0 = clock.now();
        run(signal).catch((error: unknown) => log.error({ error: String(error) }, 'stop: sequence failed'));
      } else if (acted) {
        deps.forward(signal);
      } else if (config.drainMs > 0 && !drainCut.signal.aborted) {
        log.info({ signal, elapsedMs: elapsedMs(), ended: 'second signal', ...deps.drainStatus?.() }, 'stop: drain cut short');
        drainCut.abort();
      } else {
        log.info({ signal, elapsedMs: elapsedMs() }, 'stop: already stopping, waiting for the hooks');
      }
    },
    childExited() {
      if (t0 !== undefined && !ended.signal.aborted) log.info({ elapsedMs: elapsedMs() }, 'stop: child exited, sequence ends');
      ended.abort();
    },
    graceDeadline: () => graceEnd,
    get killedByGrace() {
      return killedByGrace;
    },
  };
}
