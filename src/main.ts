// graceful-init, top to bottom: read the config, adopt orphans, route signals, give up the
// terminal, spawn the child, supervise it through the stop sequence, and return its exit code.
import { writeSync } from 'node:fs';
import { inheritedDescriptors } from './child/inherited-fds.js';
import { leaveLaunchDirectory } from './child/launch-directory.js';
import { activatesSockets, withListenPid } from './child/socket-activation.js';
import { spawnChild } from './child/spawn.js';
import { giveUpTerminal } from './child/terminal.js';
import { waitForTargets } from './child/wait-for.js';
import { parseConfig, type Env } from './config/parse.js';
import { withAbsolutePaths } from './config/paths.js';
import { crashPathUses } from './crash.js';
import { SpawnError, UsageError } from './errors.js';
import { injectFault } from './fault-injection.js';
import { loadHelp, loadSupervision } from './late-bundles.js';
import { createLog, printLine, type Log } from './log.js';
import { clearStaleMarkers } from './readiness/readiness.js';
import { adoptOrphans } from './reaper/adopt.js';
import { startReaper } from './reaper/reaper.js';
import { createForwarder } from './signals/forward.js';
import { withJobStops } from './signals/job-control.js';
import { signalNumber } from './signals/names.js';
import { createSignalRoute } from './signals/route.js';
import { startSignalRouter } from './signals/router.js';
import { loadLibc } from './sys/libc.js';


/** Runs graceful-init; resolves to the exit code. */
export async function main(argv: readonly string[], env: Env): Promise<number> {
  const inherited = inheritedDescriptors(); // first: before the init opens anything of its own
  let config: ReturnType<typeof parseConfig>;
  try {
    config = withAbsolutePaths(parseConfig(argv, env), process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printLine(error.message);
    return error.exitCode;
  }
  if (config.action !== 'run') {
    const { help, version } = await loadHelp();
    writeSync(1, config.action === 'help' ? help() : `${version()}\n`);
    return 0;
  }
  const log = createLog(config.logLevel, config.logFormat);
  const libc = loadLibc();
  crashPathUses({ log, libc });
  const pid1 = process.pid === 1;
  adoptOrphans(libc, config, pid1, log);

  const forwarder = createForwarder(withJobStops(config.rewrite, !pid1 && !config.singleChild), config.singleChild, log);
  const reaper = startReaper(libc, log);
  const signals = createSignalRoute(config, forwarder, !pid1);
  const router = startSignalRouter({ onSignal: signals.route, onChildExit: () => reaper.sweep() }, libc, log);
  if (config.waitFor.length > 0) {
    const waited = await waitForTargets(config.waitFor, config.waitTimeoutMs, signals.stoppedBeforeStart, log);
    if (waited !== 'ready') {
      router.dispose();
      const stoppedBy = signals.stoppedBy();
      const code = stoppedBy ? 128 + signalNumber(stoppedBy) : 1;
      log.info({ code, signal: stoppedBy }, 'exit');
      return code;
    }
  }
  if (!config.singleChild) giveUpTerminal(libc, router, log);

  clearStaleMarkers(config, log);
  let pid: number;
  try {
    const command = childCommand(config.command, env, log);
    pid = spawnChild(libc, { command, env, setsid: !config.singleChild, inherited });
  } catch (error) {
    if (!(error instanceof SpawnError)) throw error;
    printLine(error.message);
    return error.exitCode;
  }
  log.info({ pid, command: config.command, target: forwarder.target, pid1, inherited }, 'spawn');
  const cwd = leaveLaunchDirectory(log);
  const { superviseChild } = await loadSupervision(config.singleChild ? pid : -pid);
  const supervision = superviseChild({ config, pid, pid1, libc, reaper, forwarder, log, cwd });
  signals.attach(supervision.stop);
  forwarder.setChild(pid);
  injectFault(env, libc);
  const code = await supervision.exited;
  router.dispose();
  reaper.stop();
  log.info({ code }, 'exit');
  return code;
}

/** The command as spawned: through a LISTEN_PID-setting shell when the init got activated sockets. */
function childCommand(command: readonly string[], env: Env, log: Log): readonly string[] {
  if (!activatesSockets(env, process.pid)) return command;
  const wrapped = withListenPid(command);
  if (!wrapped) log.warn({ listenFds: env.LISTEN_FDS }, 'no /bin/sh to set LISTEN_PID: the child gets the sockets with LISTEN_PID unchanged');
  else log.info({ listenFds: env.LISTEN_FDS }, 'socket activation: LISTEN_PID set to the child');
  return wrapped ?? command;
}
