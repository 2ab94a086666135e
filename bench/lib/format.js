// Number formatting shared by the progress lines, RESULTS.md and the chart.

/** @param {number} x @returns {string} about 3 significant digits, never an exponent */
export function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}
