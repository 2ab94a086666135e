/**
 * The bundled example servers and how each one is stopped gracefully, so the
 * default setups can rewrite TERM to the right signal for the chosen server.
 */
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} ServerInfo
 * @property {string} script     absolute path of the server script
 * @property {string | null} graceful  the signal (without SIG) that stops it gracefully, or null
 * @property {string} about      one line for --help and the report
 */

/** @type {Record<string, ServerInfo>} */
export const SERVERS = {
  'nginx-like': {
    script: serverPath('nginx-like.js'),
    graceful: 'QUIT',
    about: 'TERM: fast stop (drops requests in flight); QUIT: graceful stop',
  },
  'passenger-like': {
    script: serverPath('passenger-like.js'),
    graceful: 'USR1',
    about: 'TERM: fast stop; USR1: graceful stop',
  },
  'node-drain': {
    script: serverPath('node-drain.js'),
    graceful: 'TERM',
    about: 'TERM: stops accepting, finishes requests in flight',
  },
  'no-handler': {
    script: serverPath('no-handler.js'),
    graceful: null,
    about: 'no signal handler at all; as PID 1 it ignores TERM',
  },
};

/**
 * @param {string} file
 * @returns {string}
 */
function serverPath(file) {
  return fileURLToPath(new URL(`../servers/${file}`, import.meta.url));
}
