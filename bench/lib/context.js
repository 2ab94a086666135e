// What every scenario is given: the options, the built fixtures, the commands to compare,
// a progress printer, and a scratch directory.

/**
 * @typedef {object} Context
 * @property {Readonly<import('./options.js').Options>} opts
 * @property {import('./fixtures.js').Fixtures} fixtures
 * @property {import('./subjects.js').Init[]} inits
 * @property {import('./subjects.js').NodeBin[]} nodes
 * @property {string} tmpDir
 * @property {(msg: string) => void} log progress, to stderr
 */

/**
 * A progress line for one run: "[startup 12/80] dumb-init: 1.21 ms".
 * @param {Context} ctx
 * @param {string} scenario
 * @param {{ index: number, total: number }} step
 * @param {string} text
 */
export function progress(ctx, scenario, step, text) {
  ctx.log(`[${scenario} ${step.index + 1}/${step.total}] ${text}`);
}

