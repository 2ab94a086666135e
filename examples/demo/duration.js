/**
 * Durations as graceful-init writes them (`500ms`, `2s`, `1m30s`, `0`), so the
 * demo's own options read the same as the init flags they sit next to.
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * @param {string} text
 * @returns {number} milliseconds
 * @throws {Error} on anything else, including a bare number other than 0
 *   (is `30` seconds or milliseconds? graceful-init refuses to guess, so do we)
 */
export function parseDuration(text) {
  const t = String(text).trim();
  if (t === '0') return 0;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) {
    throw new Error(`not a duration: "${text}" (use e.g. 500ms, 2s, 1m30s)`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[/** @type {keyof UNIT_MS} */ (unit)], 0);
}

/**
 * Seconds with two decimals: shutdown times of a few ms and of several
 * seconds both stay readable in one column.
 * @param {number | null | undefined} ms
 * @returns {string}
 */
export function formatSeconds(ms) {
  return ms == null || !Number.isFinite(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`;
}
