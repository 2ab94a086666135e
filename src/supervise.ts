// The child's life under the init: killed if the init dies, readiness, stop sequence, its exit, its
// leftovers, the code.
import { killOnInitDeath } from './child/kill-on-death.js';
import type { Config } from './config/config.js';
import { toExitCode } from './exit-status.js';
import type { Log } from './log.js';
import { createReadiness } from './readiness/readiness.js';
import { writeMarker } from './readiness/ready-file.js';
import type { Reaper } from './reaper/reaper.js';
import type { Forwarder } from './signals/forward.js';
import { signalName } from './signals/names.js';
import { realClock } from './shutdown/clock.js';
import { fileDrainEnd, firstDrainEnd } from './shutdown/drain-ends.js';
import { childIdleDrain } from './shutdown/child-idle.js';
import { createHookRunner } from './shutdown/hooks.js';
import { DEFAULT_LEFTOVER_MS, settleLeftovers } from './shutdown/leftovers.js';
import { createStopSequence, type StopSequence } from './shutdown/sequence.js';
import type { Libc, WaitResult } from './sys/libc.js';

export interface SuperviseDeps {
  config: Config;
  pid: number;
  pid1: boolean;
  libc: Libc;
  reaper: Reaper;
  forwarder: Forwarder;
  log: Log;
  /** The launch directory: hooks and the stop command run there. */
  cwd: string;
}

export interface Supervision {
  stop: StopSequence;
  /** Resolves to the init's exit code once the child and its leftovers are gone. */
  exited: Promise<number>;
}

export function superviseChild({ config, pid, pid1, libc, reaper, forwarder, log, cwd }: SuperviseDeps): Supervision {
  const disarm = killOnInitDeath(config.singleChild ? pid : -pid);
  // The child is no libuv handle: without a ref'd timer Node would exit while it runs.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const clock = realClock;
  const readiness = createReadiness(config, log);
  const hooks = createHookRunner(libc, reaper, log, cwd);
  if (config.preStop.length > 0 || config.stopCommand !== undefined) setTimeout(() => hooks.preload(), 100).unref();

  const killAll = (): string => {
    try {
      // As PID 1, -1 reaches every process in the namespace but the init itself.
      process.kill(pid1 ? -1 : config.singleChild ? pid : -pid, 'SIGKILL');
    } catch {
      // nothing left
    }
    return pid1 ? 'all' : forwarder.target;
  };
  const idle = config.drainUntilIdleMs !== undefined ? childIdleDrain(config.drainUntilIdleMs, pid, !config.singleChild, clock, log) : undefined;
  const drainEnds = firstDrainEnd([
    ...(config.drainUntilFile !== undefined ? [fileDrainEnd(config.drainUntilFile)] : []),
    ...(idle ? [idle.ends] : []),
  ]);
  const stop = createStopSequence({
    config, clock, log, hooks, readiness, killAll,
    childPid: () => pid,
    forward: (signal) => void forwarder.forward(signal),
    ...(drainEnds ? { drainEnds } : {}),
    ...(idle ? { drainStatus: idle.status } : {}),
  });

  const exited = new Promise<WaitResult>((resolve) => reaper.watch(pid, resolve)).then(async (result) => {
    const end = result.exited ? { code: result.status } : { signal: result.status };
    log.info({ pid, ...(result.exited ? end : { signal: signalName(result.status) ?? result.status }) }, 'child exited');
    stop.childExited();
    readiness.notReady(); // a dead app is not ready, even while its leftovers finish
    const code = stop.killedByGrace ? 137 : toExitCode(end, config.remapExit);
    if (!config.singleChild) {
      const deadline = stop.graceDeadline() ?? clock.now() + (config.graceMs ?? DEFAULT_LEFTOVER_MS);
      await settleLeftovers({ pgid: pid, forwardTerm: () => forwarder.forward('SIGTERM'), deadline, clock, log });
    }
    // After the leftovers: a sidecar waiting on this file means "the whole app is gone".
    if (config.exitFile !== undefined) writeMarker(config.exitFile, `${code}\n`, 'exit file', log);
    readiness.close();
    clearInterval(keepAlive);
    disarm();
    return code;
  });
  readiness.ready(pid);
  reaper.sweep(); // a child that exited before we watched it
  return { stop, exited };
}
