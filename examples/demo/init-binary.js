/**
 * Which init the demo runs the server under, and how to talk to it.
 *
 * graceful-init is the point of the demo. dumb-init (Debian's `dumb-init`
 * package) is accepted for comparison: it has the same --rewrite semantic but
 * only numeric signals and no drain, so its flags are translated or refused.
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const REPO_BIN = fileURLToPath(new URL('../../bin/graceful-init.js', import.meta.url));
const REPO_DIST = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * @typedef {object} InitBinary
 * @property {'graceful-init' | 'dumb-init' | 'other'} kind
 * @property {string} name        shown in setup titles
 * @property {string[]} argv      command to start it, before its flags
 * @property {string[]} verbose   flags that make it log each step on stderr
 * @property {string | null} note why this init was picked, when it was not asked for
 */

/**
 * @param {string} which 'graceful-init', 'dumb-init' or a path
 * @returns {InitBinary}
 * @throws {Error} when nothing usable is found
 */
export function resolveInit(which) {
  if (which === 'graceful-init') {
    if (existsSync(REPO_BIN)) {
      // The bin only loads the compiled code: without it every setup would fail alike.
      if (!existsSync(REPO_DIST)) throw new Error(`--init: ${REPO_DIST} not found: run npm run build first`);
      // -v: the JSON log lines on stderr give the exact time of each stop step.
      return { kind: 'graceful-init', name: 'graceful-init', argv: [process.execPath, REPO_BIN], verbose: ['-v'], note: null };
    }
    if (onPath('dumb-init')) {
      return { ...dumbInit(), note: `${REPO_BIN} not found: using dumb-init instead (no --drain)` };
    }
    throw new Error(`--init: ${REPO_BIN} not found (run npm run build) and no dumb-init on PATH`);
  }
  if (which === 'dumb-init') {
    if (!onPath('dumb-init')) throw new Error('--init: dumb-init not found on PATH (apt-get install dumb-init)');
    return dumbInit();
  }
  if (!existsSync(which)) throw new Error(`--init: no such file "${which}"`);
  const argv = which.endsWith('.js') ? [process.execPath, which] : [which];
  return { kind: 'other', name: which, argv, verbose: ['-v'], note: null };
}

/** @returns {InitBinary} */
function dumbInit() {
  return { kind: 'dumb-init', name: 'dumb-init', argv: ['dumb-init'], verbose: ['-v'], note: null };
}

/**
 * Adapts graceful-init flags for the chosen init.
 * @param {InitBinary} init
 * @param {string[]} flags graceful-init flags
 * @returns {{ flags: string[], unsupported: string[] }}
 */
export function translateFlags(init, flags) {
  if (init.kind !== 'dumb-init') return { flags, unsupported: [] };
  /** @type {string[]} */
  const out = [];
  /** @type {string[]} */
  const unsupported = [];
  for (let i = 0; i < flags.length; i++) {
    const [flag, inline] = flags[i].split(/=(.*)/s, 2);
    if (flag === '-r' || flag === '--rewrite') {
      const spec = inline ?? flags[++i] ?? '';
      const [from, to] = spec.split(':');
      out.push('--rewrite', `${signalNumber(from)}:${signalNumber(to)}`);
    } else if (['-c', '--single-child', '-v', '--verbose'].includes(flag)) {
      out.push(flag);
    } else {
      unsupported.push(flags[i]);
    }
  }
  return { flags: out, unsupported };
}

/**
 * dumb-init only accepts signal numbers.
 * @param {string} name e.g. TERM, SIGTERM or 15
 * @returns {string}
 */
function signalNumber(name) {
  if (/^\d+$/.test(name)) return name;
  const key = /** @type {keyof typeof constants.signals} */ (name.startsWith('SIG') ? name : `SIG${name}`);
  const n = constants.signals[key];
  if (n === undefined) throw new Error(`--rewrite: unknown signal "${name}"`);
  return String(n);
}

/**
 * @param {string} command
 * @returns {boolean}
 */
function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
