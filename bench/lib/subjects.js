// The commands the bench compares: graceful-init under each Node binary asked for, Debian's
// dumb-init and tini, and bare Node as the floor a Node init cannot go under.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * @typedef {{ path: string, version: string }} NodeBin
 * @typedef {object} Init
 * @property {string} id        stable key, e.g. "graceful-init@v22.23.3"
 * @property {string} label     shown in tables and charts
 * @property {'graceful-init' | 'dumb-init' | 'tini'} kind
 * @property {string[]} command the init and its own fixed arguments
 * @property {NodeBin} [node]   the Node running graceful-init (its reference for the targets)
 * @property {boolean} [portable] the portable build (dist/portable), which carries its own Node
 */

/** @param {string} path @returns {NodeBin} */
export function nodeBin(path) {
  const version = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10000 }).trim();
  return { path, version };
}

/**
 * The argv that runs `child` under `init`, with init-specific `flags` before the command.
 * dumb-init, tini and graceful-init all take `--` as the end of their options.
 * @param {Init} init
 * @param {string[]} child
 * @param {string[]} [flags]
 * @returns {string[]}
 */
export function argvUnder(init, child, flags = []) {
  return [...init.command, ...flags, '--', ...child];
}

/**
 * Checks that graceful-init runs at all (`--version` exits 0), so a missing build is one clear
 * line in the results instead of a failure in every scenario.
 * @param {string[]} command
 * @returns {string | null} why it cannot run, or null when it can
 */
export function whyUnusable(command) {
  if (command.length === 2 && !existsSync(/** @type {string} */ (command[1]))) return `${command[1]} does not exist (run npm run build?)`;
  try {
    execFileSync(/** @type {string} */ (command[0]), [...command.slice(1), '--version'], { stdio: 'pipe', timeout: 10000 });
    return null;
  } catch (err) {
    const e = /** @type {{ stderr?: Buffer, message: string }} */ (err);
    return `\`${command.join(' ')} --version\` failed: ${(e.stderr?.toString() || e.message).trim().split('\n')[0]}`;
  }
}

/**
 * @param {{ nodes: NodeBin[], initCmd: string[] | null, binPath: string, graceful: boolean, portable?: string | null }} opts
 * @returns {{ inits: Init[], skipped: string[] }} skipped: why graceful-init is not in the run
 */
export function listInits({ nodes, initCmd, binPath, graceful, portable = null }) {
  /** @type {Init[]} */
  const inits = [];
  const skipped = [];
  if (graceful && initCmd) {
    const why = whyUnusable(initCmd);
    if (why) skipped.push(why);
    else inits.push({ id: 'graceful-init', label: 'graceful-init', kind: 'graceful-init', command: initCmd, node: nodes[0] });
  } else if (graceful) {
    for (const node of nodes) {
      const command = [node.path, binPath];
      const why = whyUnusable(command);
      const label = nodes.length > 1 ? `graceful-init (node ${node.version})` : 'graceful-init';
      if (why) skipped.push(`${label}: ${why}`);
      else inits.push({ id: `graceful-init@${node.version}`, label, kind: 'graceful-init', command, node });
    }
  }
  inits.push(...portableInits(nodes, portable));
  inits.push({ id: 'dumb-init', label: 'dumb-init', kind: 'dumb-init', command: ['dumb-init'] });
  // -s: tini's own advice when it is not PID 1 (the plain runs); a no-op as PID 1.
  inits.push({ id: 'tini', label: 'tini', kind: 'tini', command: ['tini', '-s'] });
  return { inits, skipped };
}

/**
 * @param {NodeBin} node
 * @param {number} count how many Node binaries are compared (labels name the version if > 1)
 * @param {string} what e.g. "node -e 0"
 */
export function nodeLabel(node, count, what) {
  return count > 1 ? `${what} (node ${node.version})` : what;
}

/**
 * The portable build as an init, referenced to `node -e 0` of its own Node binary (run.js adds
 * DIR/lib/node to the nodes: the same file, on the host's loader of the same glibc version).
 * @param {NodeBin[]} nodes
 * @param {string | null} dir
 * @returns {Init[]}
 */
export function portableInits(nodes, dir) {
  if (dir === null) return [];
  const command = [`${dir}/bin/graceful-init`];
  const why = whyUnusable(command);
  if (why) throw new Error(`--portable ${dir}: ${why} (run npm run dist?)`);
  const node = nodes.find((n) => n.path === `${dir}/lib/node`);
  return [{ id: 'graceful-init-portable', label: 'graceful-init portable', kind: 'graceful-init', command, node, portable: true }];
}
