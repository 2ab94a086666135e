/**
 * Starts what a setup stops (the server alone, or an init running the
 * server), waits for the server's readiness handshake and keeps every line
 * of stderr with its arrival time.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { now } from './clock.js';
import { inPidNamespace } from './pid-namespace.js';
import { childrenOf, killTree } from './process-tree.js';

/** Kill functions of every target still alive, for a clean exit on Ctrl-C or a crash. */
const live = new Set();

/** SIGKILLs everything any setup started and has not seen exit yet. */
export function killAllTargets() {
  for (const kill of live) kill();
}

/**
 * @typedef {object} Exit
 * @property {number} at              epoch ms when the process we started exited
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 */

/**
 * @typedef {object} Target
 * @property {number} port
 * @property {number} readyAt           epoch ms of the handshake line
 * @property {number} signalPid         host pid that receives the stop signal
 * @property {{ at: number, text: string }[]} stderr  every stderr line (init logs and server messages)
 * @property {Promise<Exit>} exited
 * @property {() => void} kill          SIGKILL the whole tree
 */

/**
 * @param {object} opts
 * @param {string[]} opts.argv
 * @param {boolean} opts.pidNamespace  run argv as PID 1 of its own PID namespace
 * @param {NodeJS.ProcessEnv} opts.env
 * @param {number} [opts.readyTimeoutMs]
 * @returns {Promise<Target>}
 */
export async function startTarget({ argv, pidNamespace, env, readyTimeoutMs = 15_000 }) {
  const full = pidNamespace ? inPidNamespace(argv) : argv;
  const child = spawn(full[0], full.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const rootPid = /** @type {number} */ (child.pid);
  /** @type {{ at: number, text: string }[]} */
  const stderr = [];
  createInterface({ input: child.stderr }).on('line', (text) => stderr.push({ at: now(), text }));

  /** @type {Promise<Exit>} */
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ at: now(), code, signal }));
  });
  const kill = () => killTree(rootPid);
  live.add(kill);
  child.on('exit', () => live.delete(kill));

  // The handshake: the server prints `listening HOST:PORT` once it accepts
  // connections. Through an init it arrives the same way (stdout is inherited).
  const stdout = createInterface({ input: child.stdout });
  const ready = new Promise((resolve, reject) => {
    stdout.on('line', (line) => {
      const m = /^listening (\S+):(\d+)\s*$/.exec(line);
      if (m) resolve({ port: Number(m[2]), at: now() });
    });
    exited.then(
      (e) => reject(new Error(`exited before it was ready (code ${e.code}, signal ${e.signal}): ${tail(stderr)}`)),
      reject,
    );
    setTimeout(() => reject(new Error(`not ready after ${readyTimeoutMs} ms: ${tail(stderr)}`)), readyTimeoutMs).unref();
  });

  try {
    const { port, at } = /** @type {{ port: number, at: number }} */ (await ready);
    // unshare --fork: the namespace's PID 1 is unshare's only child. It exists
    // by now, since the server it (or its init) started has already answered.
    const signalPid = pidNamespace ? childrenOf(rootPid)[0] : rootPid;
    if (!signalPid) throw new Error('could not find the PID 1 of the new namespace');
    return { port, readyAt: at, signalPid, stderr, exited, kill };
  } catch (err) {
    kill();
    throw err;
  }
}

/**
 * @param {{ text: string }[]} lines
 * @returns {string}
 */
function tail(lines) {
  return lines.slice(-3).map((l) => l.text).join(' | ') || '(no stderr)';
}
