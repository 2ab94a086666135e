// graceful-init, top to bottom: read the config, adopt orphans, route signals, give up the
// terminal, spawn the child, supervise it through the stop sequence, and return its exit code.
import { writeSync } from 'node:fs';
import { killOnInitDeath } from './child/kill-on-death.js';
import { spawnChild } from './child/spawn.js';
import { giveUpTerminal } from './child/terminal.js';
import { waitForTargets } from './child/wait-for.js';
import { help, version } from './config/help.js';
import { parseConfig, type Env } from './config/parse.js';
import { SpawnError, UsageError } from './errors.js';
import { createLog, printLine, type Log } from './log.js';
import { clearStaleMarkers } from './readiness/readiness.js';
import { adoptOrphans } from './reaper/adopt.js';
import { startReaper } from './reaper/reaper.js';
import { createForwarder } from './signals/forward.js';
import { signalNumber } from './signals/names.js';
import { createSignalRoute } from './signals/route.js';
import { startSignalRouter } from './signals/router.js';
import { superviseChild } from './supervise.js';
import { loadLibc, type Libc } from './sys/libc.js';

/** The log once it exists, for a fatal error caught by the CLI. */
let currentLog: Log | undefined;
/** libc once loaded, so the CLI can end the process without atexit handlers. */
let currentLibc: Libc | undefined;

/** How the CLI ends the process once main has returned: _exit when libc is loaded. */
export function exitWith(code: number, fallback: (code: number) => never): never {
  return currentLibc ? currentLibc.exit(code) : fallback(code);
}

/** Runs graceful-init; resolves to the exit code. */
export async function main(argv: readonly string[], env: Env): Promise<number> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printLine(error.message);
    return error.exitCode;
  }
  if (config.action !== 'run') {
    writeSync(1, config.action === 'help' ? help() : `${version()}\n`);
    return 0;
  }
  const log = (currentLog = createLog(config.logLevel, config.logFormat));
  const libc = (currentLibc = loadLibc());
  const pid1 = process.pid === 1;
  adoptOrphans(libc, config, pid1, log);

  const forwarder = createForwarder(config.rewrite, config.singleChild, log);
  const reaper = startReaper(libc, log);
  const signals = createSignalRoute(config, forwarder);
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
    pid = spawnChild(libc, { command: config.command, env, setsid: !config.singleChild });
  } catch (error) {
    if (!(error instanceof SpawnError)) throw error;
    printLine(error.message);
    return error.exitCode;
  }
  const disarm = killOnInitDeath(config.singleChild ? pid : -pid);
  log.info({ pid, command: config.command, target: forwarder.target, pid1 }, 'spawn');
  const supervision = superviseChild({ config, pid, pid1, libc, reaper, forwarder, log });
  signals.attach(supervision.stop);
  forwarder.setChild(pid);
  injectFault(env);
  const code = await supervision.exited;
  disarm();
  router.dispose();
  reaper.stop();
  log.info({ code }, 'exit');
  return code;
}

/** Test hook: GRACEFUL_INIT_FAULT=after-spawn makes the init fail while the child runs. */
function injectFault(env: Env): void {
  if (env.GRACEFUL_INIT_FAULT === 'after-spawn') {
    setImmediate(() => {
      throw new Error('injected fault (GRACEFUL_INIT_FAULT=after-spawn)');
    });
  }
}

/** Logs an internal error that escaped; the CLI then exits 1 (and signal-exit kills the child). */
export function reportFatal(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (currentLog) currentLog.fatal({ error: text }, 'internal error, killing the child and exiting');
  else printLine(`internal error: ${text}`);
}
