// Summary statistics for bench samples: medians and spread, nothing else (pure).

/**
 * @typedef {object} Summary
 * @property {number} n
 * @property {number} median
 * @property {number} p25
 * @property {number} p75
 * @property {number} p99
 * @property {number} min
 * @property {number} max
 */

/**
 * The q-quantile of ascending values, linearly interpolated (the "type 7" of R and numpy),
 * so the median of an even count is the mean of the middle two.
 * @param {number[]} sorted ascending
 * @param {number} q 0..1
 * @returns {number}
 */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = /** @type {number} */ (sorted[Math.floor(pos)]);
  const hi = /** @type {number} */ (sorted[Math.ceil(pos)]);
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

/**
 * @param {number[]} values samples, in any order; NaN and non-numbers are dropped
 * @returns {Summary | null} null when no sample is left
 */
export function summarize(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
    min: quantile(sorted, 0),
    max: quantile(sorted, 1),
  };
}

/**
 * Shifts every statistic of a summary by -offset (used to take the harness's own spawn cost
 * out of a measurement; the spread is kept as measured).
 * @param {Summary | null} s
 * @param {number} offset
 * @returns {Summary | null}
 */
export function shift(s, offset) {
  if (!s) return null;
  return {
    n: s.n,
    median: s.median - offset,
    p25: s.p25 - offset,
    p75: s.p75 - offset,
    p99: s.p99 - offset,
    min: s.min - offset,
    max: s.max - offset,
  };
}
