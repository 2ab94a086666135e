/**
 * Which setups to run side by side. Each stops the same server the same way
 * (SIGTERM, as docker stop and Kubernetes do); only what stands between the
 * orchestrator and the server changes.
 */
import { parseDuration } from './duration.js';
import { SERVERS } from './servers.js';

/**
 * @typedef {object} Setup
 * @property {string} id
 * @property {'alone' | 'init'} kind   the server by itself, or under the init
 * @property {string[]} initFlags      flags given to the init (kind 'init')
 */

/** Drain used by the default comparison: longer than the default --after (1s). */
const DEFAULT_DRAIN = '2s';

/**
 * @param {object} opts
 * @param {string} opts.server       a key of SERVERS
 * @param {string[]} opts.initFlags  the user's graceful-init flags; empty for the default comparison
 * @returns {Setup[]}
 */
export function planSetups({ server, initFlags }) {
  /** @type {Setup[]} */
  const setups = [
    { id: 'alone', kind: 'alone', initFlags: [] },
    { id: 'forward', kind: 'init', initFlags: [] },
  ];
  if (initFlags.length > 0) {
    // The user's own experiment, next to the two baselines it improves on.
    setups.push({ id: 'custom', kind: 'init', initFlags });
    return setups;
  }
  // Rewrite TERM to the server's graceful stop signal, unless TERM already is
  // one (node-drain) or the server has none (no-handler): then only the drain
  // can help.
  const graceful = SERVERS[server].graceful;
  const rewrite = graceful && graceful !== 'TERM' ? ['--rewrite', `TERM:${graceful}`] : [];
  if (rewrite.length > 0) setups.push({ id: 'rewrite', kind: 'init', initFlags: rewrite });
  setups.push({ id: 'drain', kind: 'init', initFlags: [...rewrite, '--drain', DEFAULT_DRAIN] });
  return setups;
}

/**
 * The value of the last occurrence of a duration flag among init flags.
 * @param {string[]} flags
 * @param {string} name e.g. '--drain'
 * @returns {number | null} milliseconds, or null when absent or unreadable
 */
export function durationFlag(flags, name) {
  let found = null;
  for (let i = 0; i < flags.length; i++) {
    const text = flags[i] === name ? flags[i + 1] : flags[i].startsWith(`${name}=`) ? flags[i].slice(name.length + 1) : undefined;
    if (text === undefined) continue;
    try {
      found = parseDuration(text);
    } catch {
      found = null; // the init will reject it and the setup will say why
    }
  }
  return found;
}
