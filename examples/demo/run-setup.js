/**
 * Runs one setup: start it, load it, send the stop signal after the warm-up,
 * let the "load balancer" keep sending for --after, wait for the exit (or
 * SIGKILL it after a bound), and return everything that happened with times
 * relative to the start of the load.
 */
import { constants } from 'node:os';
import { now, sleep } from './clock.js';
import { readInitLog } from './init-log.js';
import { createLoadClient } from './load-client.js';
import { durationFlag } from './setups.js';
import { startTarget } from './spawn-target.js';

/** What orchestrators send first (docker stop, Kubernetes, Heroku). */
const STOP_SIGNAL = 'SIGTERM';

/**
 * @typedef {object} SetupContext
 * @property {import('./init-binary.js').InitBinary} init
 * @property {string} serverName
 * @property {string} serverScript
 * @property {boolean} pidNamespace
 * @property {import('./options.js').DemoOptions} options
 * @property {NodeJS.ProcessEnv} env
 */

/**
 * @typedef {'starting' | 'ready' | 'load' | 'stopping' | 'settling' | 'done' | 'error'} Phase
 * @typedef {(phase: Phase, stats?: ReturnType<import('./load-client.js').LoadClient['stats']>) => void} OnUpdate
 */

/**
 * @param {import('./setups.js').Setup} setup
 * @param {string[]} initFlags  flags as given to this init (translated for dumb-init)
 * @param {SetupContext} ctx
 * @param {OnUpdate} onUpdate
 * @param {() => Promise<void>} [ready]  called once started (or failed to); resolves when the load
 *   may begin. Side-by-side setups start their load together, so no setup is
 *   loaded while the others' processes are still starting and eating the CPU.
 */
export async function runSetup(setup, initFlags, ctx, onUpdate, ready = async () => {}) {
  const { options, init } = ctx;
  const serverArgv = [process.execPath, ctx.serverScript, '--port', '0'];
  const argv = setup.kind === 'alone' ? serverArgv : [...init.argv, ...init.verbose, ...initFlags, '--', ...serverArgv];
  const drainMs = setup.kind === 'init' ? durationFlag(initFlags, '--drain') ?? 0 : 0;
  const graceMs = setup.kind === 'init' ? durationFlag(initFlags, '--grace') ?? 0 : 0;
  // Long enough for any honest shutdown, short enough to keep the demo quick.
  const killAfterMs = options.killAfterMs ?? Math.max(5000, drainMs + graceMs + 3000);
  const base = {
    id: setup.id, kind: setup.kind, initFlags: setup.initFlags, command: argv,
    pid1: ctx.pidNamespace, stopSignal: STOP_SIGNAL, drainMs, killAfterMs,
  };

  onUpdate('starting');
  const startedAt = now();
  let target;
  try {
    target = await startTarget({ argv, pidNamespace: ctx.pidNamespace, env: ctx.env });
  } catch (err) {
    onUpdate('error');
    void ready();
    return { ...base, error: /** @type {Error} */ (err).message };
  }
  onUpdate('ready');
  await ready();

  const load = createLoadClient({
    port: target.port,
    rate: options.rate,
    maxRequests: options.maxRequests,
    maxSendMs: options.warmupMs + options.afterMs + killAfterMs,
  });
  let phase = /** @type {Phase} */ ('load');
  const progress = setInterval(() => onUpdate(phase, load.stats()), 100);

  const loadStart = now();
  load.start();
  onUpdate(phase, load.stats());
  await sleep(options.warmupMs);

  phase = 'stopping';
  const stopAt = now();
  try {
    process.kill(target.signalPid, STOP_SIGNAL);
  } catch {
    // already gone: the exit below tells the story
  }
  load.stopSendingAt(stopAt + options.afterMs);
  onUpdate(phase, load.stats());

  /** @type {number | null} */
  let harnessKillAt = null;
  const bound = setTimeout(() => {
    harnessKillAt = now();
    target.kill();
  }, killAfterMs);
  const exit = await target.exited.catch((err) => ({ at: now(), code: null, signal: null, error: String(err) }));
  clearTimeout(bound);

  phase = 'settling';
  onUpdate(phase, load.stats());
  await load.finished;
  clearInterval(progress);
  onUpdate('done', load.stats());

  const log = readInitLog(target.stderr);
  const rel = (/** @type {number | null} */ t) => (t == null ? null : round(t - loadStart));
  const serverSignal = serverGotSignal(target.stderr, stopAt);
  const requests = load.records().map((r) => ({ ...r, start: rel(r.start), end: rel(r.end) }));
  const drainEnd = log.drainEnd ?? (drainMs > 0 && setup.kind === 'init' && init.kind !== 'dumb-init' ? stopAt + drainMs : null);

  return {
    ...base,
    error: null,
    times: {
      start: rel(startedAt),
      ready: rel(target.readyAt),
      stop: rel(stopAt),
      lbStop: rel(stopAt + options.afterMs),
      drainEnd: rel(drainEnd),
      drainEndSource: log.drainEnd != null ? 'log' : drainEnd != null ? 'flags' : null,
      stopAction: rel(log.stopAction),
      serverSignal: serverSignal && { at: rel(serverSignal.at), signal: serverSignal.signal },
      exit: rel(exit.at),
      graceKill: rel(log.graceKill),
      harnessKill: rel(harnessKillAt),
    },
    shutdownMs: round(exit.at - stopAt),
    exit: exitOf(exit, harnessKillAt !== null),
    forwarded: log.forwarded,
    counts: countOutcomes(requests),
    requests,
    messages: target.stderr.filter((l) => !l.text.startsWith('{')).map((l) => ({ at: rel(l.at), text: l.text })),
    initLog: log.lines,
  };
}

/**
 * @param {{ code: number | null, signal: NodeJS.Signals | null }} exit
 * @param {boolean} killedByHarness
 */
function exitOf(exit, killedByHarness) {
  let code = exit.code;
  // unshare cannot re-raise SIGKILL and exits 1 instead; we know what happened.
  if (killedByHarness) code = 128 + constants.signals.SIGKILL;
  else if (exit.signal) code = 128 + constants.signals[exit.signal];
  return { code, killedByHarness, raw: { code: exit.code, signal: exit.signal } };
}

/**
 * The bundled servers say `NAME[PID]: got SIGXXX` on stderr when a signal
 * reaches them: that is when the stop really started for the server.
 * @param {{ at: number, text: string }[]} stderr
 * @param {number} after
 */
function serverGotSignal(stderr, after) {
  for (const line of stderr) {
    const m = /^[\w-]+\[\d+\]: got (SIG\w+)/.exec(line.text);
    if (m && line.at >= after) return { at: line.at, signal: m[1] };
  }
  return null;
}

/**
 * @param {{ outcome: string, reason: string | null }[]} requests
 */
export function countOutcomes(requests) {
  const n = (/** @type {(r: { outcome: string, reason: string | null }) => boolean} */ f) => requests.filter(f).length;
  return {
    sent: requests.length,
    ok: n((r) => r.outcome === 'ok'),
    failed: n((r) => r.outcome === 'failed'),
    reset: n((r) => r.reason === 'reset'),
    http5xx: n((r) => r.reason === '5xx'),
    timeout: n((r) => r.reason === 'timeout'),
    otherError: n((r) => r.reason === 'error'),
    refused: n((r) => r.outcome === 'refused'),
  };
}

/** @param {number} ms */
const round = (ms) => Math.round(ms * 10) / 10;
