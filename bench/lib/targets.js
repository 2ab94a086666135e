// The targets of issue 5, checked against a run's results (pure). Each target compares one of
// graceful-init's numbers with a limit that is either absolute or a multiple of a reference
// measured in the same run (bare node of the same binary, or dumb-init).
import { fmt } from './format.js';
import { valueOf } from './result.js';

/**
 * @typedef {import('./result.js').Result} Result
 * @typedef {import('./subjects.js').Init} Init
 * @typedef {object} Check
 * @property {string} target   the target as the issue states it
 * @property {string} subject  which graceful-init
 * @property {number | null} value    measured, in `unit`
 * @property {number | null} limit    the limit, in `unit` (already multiplied for relative ones)
 * @property {string} unit
 * @property {number | null} ratio    value / reference, for a limit relative to a reference
 * @property {string} basis    how value and limit were obtained
 * @property {'pass' | 'FAIL' | 'n/a'} verdict
 */

/**
 * @param {Record<string, Result>} results by scenario id
 * @param {Init[]} inits
 * @returns {Check[]}
 */
export function checkTargets(results, inits) {
  /** @type {Check[]} */
  const checks = [];
  const dumb = inits.find((i) => i.kind === 'dumb-init');
  for (const gi of inits.filter((i) => i.kind === 'graceful-init')) {
    const v = gi.node?.version ?? '';
    /**
     * @param {string} target @param {string} scenario @param {string} row @param {string} key
     * @param {'median' | 'p99' | 'max'} stat @param {string} unit
     * @param {{ abs?: number, times?: number, refRow?: string, refKey?: string, absValue?: boolean, context?: string }} lim
     *   context: a row whose same statistic is shown beside an absolute limit (the machine's floor)
     */
    const check = (target, scenario, row, key, stat, unit, lim) => {
      const r = results[scenario];
      if (!r) return; // not run (--only)
      const s = r ? valueOf(r, row, key) : null;
      let value = s ? s[stat] : null;
      if (value !== null && lim.absValue) value = Math.abs(value);
      let limit = lim.abs ?? null;
      let ratio = null;
      let basis = `${stat} of ${r?.metrics.find((m) => m.key === key)?.label ?? key}`;
      if (lim.times !== undefined && lim.refRow) {
        const ref = r ? valueOf(r, lim.refRow, lim.refKey ?? key) : null;
        const refValue = ref ? ref[stat] : null;
        limit = refValue === null ? null : refValue * lim.times;
        ratio = refValue === null || value === null ? null : value / refValue;
        basis += `; reference ${refValue === null ? 'not measured' : `${fmt(refValue)} ${unit}`} (${r?.rows.find((x) => x.id === lim.refRow)?.label ?? lim.refRow})`;
      }
      if (lim.context) {
        const ctx = r ? valueOf(r, lim.context, key) : null;
        basis += `; ${r?.rows.find((x) => x.id === lim.context)?.label ?? lim.context} in the same run: ${ctx ? `${fmt(ctx[stat])} ${unit}` : 'not measured'}`;
      }
      const verdict = value === null || limit === null ? 'n/a' : value <= limit ? 'pass' : 'FAIL';
      checks.push({ target, subject: gi.label, value, limit, unit, ratio, basis, verdict });
    };
    check('start-up to child exec ≤ 1.10 × `node -e 0`', 'startup', gi.id, 'toChild', 'median', 'ms', { times: 1.1, refRow: `node-e0@${v}`, refKey: 'whole' });
    check('anonymous RSS ≤ 10 MB', 'memory', gi.id, 'anon', 'median', 'MB', { abs: 10 });
    if (gi.portable) {
      // Issue 10's goals for the portable build.
      check('portable: anonymous RSS ≤ 8 MB', 'memory', gi.id, 'anon', 'median', 'MB', { abs: 8 });
      check('portable: gzip layer ≤ 45 MB', 'size', 'portable-layer', 'bytes', 'median', 'MB', { abs: 45 });
    }
    check('total RSS ≤ 1.10 × idle node', 'memory', gi.id, 'rss', 'median', 'MB', { times: 1.1, refRow: `node-idle@${v}` });
    if (dumb) check('forwarding p50 ≤ 3 × dumb-init (PID 1)', 'forwarding', gi.id, 'pid1', 'median', 'µs', { times: 3, refRow: dumb.id });
    check('forwarding p99 ≤ 1 ms (PID 1)', 'forwarding', gi.id, 'pid1', 'p99', 'µs', { abs: 1000, context: dumb?.id });
    if (dumb) check('reaping CPU ≤ 2 × dumb-init', 'reaping', gi.id, 'cpu', 'median', 'ms', { times: 2, refRow: dumb.id });
    check('0 zombies left after reaping', 'reaping', gi.id, 'left', 'max', '', { abs: 0 });
    check('|drain error| ≤ 20 ms', 'stop', gi.id, 'drainError', 'median', 'ms', { abs: 20, absValue: true });
    check('child exit → init exit ≤ 10 ms', 'stop', gi.id, 'exitLag', 'median', 'ms', { abs: 10, context: dumb?.id });
  }
  return checks;
}
