// Draws results.svg: one horizontal bar panel per chart a scenario asks for, a bar per row and
// series at the median (or p99), a whisker over p25–p75, and the targets as dashed lines.
// Plain SVG 1.1 with inline styles, so GitHub and any browser render it without scripts.
import { fmt } from './format.js';
import { valueOf } from './result.js';

const WIDTH = 960;
const LABEL_W = 270; // row labels, right-aligned before the plot
const PLOT_W = 560;
const BAR_H = 13;
const COLORS = ['#3b6ea5', '#e0892e', '#4f9a55', '#8e5ea2'];
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

/** @param {string} s */
const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, '');

/** @param {number} raw @returns {number} 1, 2 or 5 × a power of ten, >= raw */
function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
}

/**
 * A linear scale from values to x, over 0 and every value and limit, with round grid steps.
 * @param {number[]} values
 * @returns {{ x: (v: number) => number, ticks: number[] }}
 */
function scale(values) {
  const hi = Math.max(...values, 0);
  const lo = Math.min(...values, 0);
  const step = niceStep((hi - lo) / 5 || 1);
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil((hi * 1.08) / step) * step;
  const ticks = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(6)));
  return { x: (v) => LABEL_W + ((v - min) / (max - min)) * PLOT_W, ticks };
}

/**
 * One bar at the statistic `stat`, a p25–p75 whisker when it shows a median, and its value.
 * @param {import('./stats.js').Summary} v
 * @param {'median' | 'p99'} stat
 * @param {(v: number) => number} x
 * @param {number} y
 * @param {string} color
 * @returns {string[]}
 */
function bar(v, stat, x, y, color) {
  const val = v[stat];
  const [a, c] = [Math.min(x(0), x(val)), Math.max(x(0), x(val))];
  const out = [`<rect x="${a.toFixed(1)}" y="${y}" width="${Math.max(1, c - a).toFixed(1)}" height="${BAR_H}" fill="${color}"/>`];
  let end = c;
  if (stat === 'median' && v.n > 1) {
    const wy = y + BAR_H / 2;
    const seg = (/** @type {number} */ x1, /** @type {number} */ y1, /** @type {number} */ x2, /** @type {number} */ y2) =>
      `<line x1="${x1.toFixed(1)}" y1="${y1}" x2="${x2.toFixed(1)}" y2="${y2}" stroke="#222" stroke-width="1.2"/>`;
    out.push(seg(x(v.p25), wy, x(v.p75), wy), seg(x(v.p25), wy - 4, x(v.p25), wy + 4), seg(x(v.p75), wy - 4, x(v.p75), wy + 4));
    end = Math.max(end, x(v.p75));
  }
  out.push(`<text x="${(end + 5).toFixed(1)}" y="${y + BAR_H - 2}" ${FONT} font-size="11">${fmt(val)}</text>`);
  return out;
}

/**
 * The title, the legend and the statistic shown, above the plot.
 * @param {import('./result.js').Chart} chart
 * @param {number} top
 * @returns {string[]}
 */
function heading(chart, top) {
  const out = [`<text x="16" y="${top + 18}" ${FONT} font-size="15" font-weight="bold">${xml(chart.title)}</text>`];
  let lx = LABEL_W;
  chart.series.forEach((s, i) => {
    out.push(`<rect x="${lx}" y="${top + 28}" width="11" height="11" fill="${COLORS[i]}"/>`);
    out.push(`<text x="${lx + 15}" y="${top + 38}" ${FONT} font-size="12">${xml(s.name)}</text>`);
    lx += 30 + s.name.length * 7;
  });
  const stat = chart.stat ?? 'median';
  const what = stat === 'median' ? 'median, whisker p25–p75' : stat;
  out.push(`<text x="${LABEL_W + PLOT_W}" y="${top + 38}" ${FONT} font-size="11" fill="#666" text-anchor="end">${what}, ${xml(chart.unit)}</text>`);
  return out;
}

/**
 * @param {import('./result.js').Result} result
 * @param {import('./result.js').Chart} chart
 * @param {number} top y of the panel
 * @returns {{ svg: string[], height: number }}
 */
function panel(result, chart, top) {
  const stat = chart.stat ?? 'median';
  const limits = chart.limits ?? [];
  const rows = chart.rows
    .map((id) => ({
      label: result.rows.find((r) => r.id === id)?.label ?? id,
      bars: chart.series.flatMap((s, i) => {
        const v = !s.rows || s.rows.includes(id) ? valueOf(result, id, s.metric) : null;
        return v ? [{ v, color: COLORS[i] ?? '#888' }] : [];
      }),
    }))
    .filter((r) => r.bars.length > 0);
  const out = heading(chart, top);
  if (rows.length === 0) {
    out.push(`<text x="${LABEL_W}" y="${top + 64}" ${FONT} font-size="12" fill="#666">not measured in this run</text>`);
    return { svg: out, height: 80 };
  }
  const values = rows.flatMap((r) => r.bars.flatMap(({ v }) => (stat === 'median' ? [v.median, v.p25, v.p75] : [v[stat]])));
  const { x, ticks } = scale([...values, ...limits.map((l) => l.value)]);
  const plotTop = top + 50;
  const rowH = (/** @type {number} */ n) => n * (BAR_H + 3) + 10;
  const plotH = rows.reduce((h, r) => h + rowH(r.bars.length), 0);
  for (const v of ticks) {
    out.push(`<line x1="${x(v)}" y1="${plotTop}" x2="${x(v)}" y2="${plotTop + plotH}" stroke="${v === 0 ? '#888' : '#e4e4e4'}"/>`);
    out.push(`<text x="${x(v)}" y="${plotTop + plotH + 14}" ${FONT} font-size="11" fill="#555" text-anchor="middle">${v}</text>`);
  }
  let y = plotTop + 5;
  for (const r of rows) {
    out.push(`<text x="${LABEL_W - 8}" y="${y + (rowH(r.bars.length) - 10) / 2 + 4}" ${FONT} font-size="12" text-anchor="end">${xml(r.label)}</text>`);
    for (const b of r.bars) {
      out.push(...bar(b.v, stat, x, y, b.color));
      y += BAR_H + 3;
    }
    y += 10;
  }
  // Target lines; their labels go under the axis, one line each, so close limits stay legible.
  limits.forEach((l, i) => {
    const ly = plotTop + plotH + 30 + i * 14;
    out.push(`<line x1="${x(l.value)}" y1="${plotTop - 2}" x2="${x(l.value)}" y2="${ly - 11}" stroke="#c0392b" stroke-dasharray="5,3" stroke-width="1.4"/>`);
    out.push(`<text x="${x(l.value)}" y="${ly}" ${FONT} font-size="11" fill="#c0392b" text-anchor="middle">${xml(l.label)}</text>`);
  });
  return { svg: out, height: plotTop + plotH + 30 + limits.length * 14 - top };
}

/**
 * @param {import('./result.js').Result[]} results
 * @param {string} caption one line under the title (machine, node, date)
 * @returns {string}
 */
export function renderSvg(results, caption) {
  const body = [];
  let y = 52;
  for (const r of results) {
    for (const chart of r.charts) {
      const p = panel(r, chart, y);
      body.push(...p.svg);
      y += p.height + 10;
    }
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="24" ${FONT} font-size="18" font-weight="bold">graceful-init benchmarks</text>`,
    `<text x="16" y="42" ${FONT} font-size="12" fill="#555">${xml(caption)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
