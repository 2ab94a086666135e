// The shape every scenario returns, which the target checks, RESULTS.md and the SVG read.
// Values are stored in the unit of their metric (ms, µs, MB), already converted.

/**
 * @typedef {import('./stats.js').Summary} Summary
 * @typedef {{ key: string, label: string, unit: string, show?: 'median' | 'p99' | 'max' }} Metric
 *   show: which statistic the table prints first (default the median, with its p25–p75)
 * @typedef {{ id: string, label: string, values: Record<string, Summary | null> }} Row
 * @typedef {{ name: string, metric: string, rows?: string[] }} Series one bar per row: that
 *   row's metric (only for the listed rows, when given)
 * @typedef {{ value: number, label: string }} Limit a target line drawn on a chart
 * @typedef {object} Chart
 * @property {string} title
 * @property {string} unit
 * @property {Series[]} series
 * @property {string[]} rows  row ids, in the order to draw
 * @property {'median' | 'p99'} [stat] the statistic the bar shows (default median)
 * @property {Limit[]} [limits]
 * @typedef {object} Result
 * @property {string} id
 * @property {string} title
 * @property {string} method   one paragraph: what is timed, from when to when
 * @property {Metric[]} metrics
 * @property {Row[]} rows
 * @property {Chart[]} charts
 * @property {string[]} notes  anything odd seen during the runs (lost signals, timeouts, ...)
 * @property {number} seconds  wall time the scenario took
 */

/**
 * @param {Result} result
 * @param {string} rowId
 * @param {string} key
 * @returns {Summary | null}
 */
export function valueOf(result, rowId, key) {
  return result.rows.find((r) => r.id === rowId)?.values[key] ?? null;
}

/**
 * Collects samples per row and metric while runs happen, in any order.
 */
export class Samples {
  constructor() {
    /** @type {Map<string, Map<string, number[]>>} */
    this.byRow = new Map();
  }

  /** @param {string} rowId @param {string} key @param {number} value */
  add(rowId, key, value) {
    let row = this.byRow.get(rowId);
    if (!row) this.byRow.set(rowId, (row = new Map()));
    let list = row.get(key);
    if (!list) row.set(key, (list = []));
    list.push(value);
  }

  /** @param {string} rowId @param {string} key @returns {number[]} */
  get(rowId, key) {
    return this.byRow.get(rowId)?.get(key) ?? [];
  }
}
