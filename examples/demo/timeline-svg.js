/**
 * One setup's timeline as inline SVG: every request is a bar from when it was
 * sent to when it ended, coloured by outcome, with vertical marks for the
 * stop signal, the end of the drain, the signal reaching the server, the
 * moment the load balancer stops sending, and the exit.
 */
import { esc } from './html-escape.js';

export const COLORS = { ok: '#2f9e44', failed: '#e03131', refused: '#f59f00' };

export const MARKS = {
  stop: { color: '#212529', dash: '', width: 2 },
  lbStop: { color: '#868e96', dash: '2 3', width: 1.5 },
  drainEnd: { color: '#1c7ed6', dash: '6 3', width: 2 },
  serverSignal: { color: '#7048e8', dash: '1 2', width: 2 },
  graceKill: { color: '#c92a2a', dash: '', width: 2 },
  exit: { color: '#212529', dash: '', width: 3 },
};

const WIDTH = 1120;
const PAD_L = 14;
const PAD_R = 14;
const LANE = 6;
const LANE_GAP = 2;
const LABEL_ROW = 15;
const AXIS = 30;
const CHAR_W = 6.4; // 11px sans-serif, close enough to keep labels apart

/**
 * @param {any} r        one setup's result (times relative to the load start, ms)
 * @param {object} scale shared by every setup so they compare side by side
 * @param {number} scale.maxMs
 * @param {number} scale.tickMs
 * @returns {string}
 */
export function timelineSvg(r, { maxMs, tickMs }) {
  const plotW = WIDTH - PAD_L - PAD_R;
  const x = (/** @type {number} */ t) => PAD_L + (Math.min(Math.max(t, 0), maxMs) / maxMs) * plotW;

  const labels = placeLabels(marksOf(r).map((m) => ({ ...m, x: x(m.t) })));
  const rows = Math.max(1, ...labels.map((l) => l.row + 1));
  const top = 4 + rows * LABEL_ROW + 4;
  const lanes = packLanes(r.requests, x);
  const laneCount = Math.max(1, ...lanes.map((l) => l.lane + 1));
  const plotH = laneCount * (LANE + LANE_GAP) + 8;
  const height = top + plotH + AXIS;
  const bottom = top + plotH;

  const parts = [];
  // Background bands: the drain (server still serving after the stop signal)
  // and the time after the exit (nothing left to answer).
  if (r.times.drainEnd != null) {
    parts.push(band(x(r.times.stop), x(r.times.drainEnd), top, plotH, '#e7f5ff'));
  }
  parts.push(band(x(r.times.exit), x(maxMs), top, plotH, '#f1f3f5'));

  for (let t = 0; t <= maxMs + 1e-6; t += tickMs) {
    const X = x(t).toFixed(1);
    // The first and last labels are anchored inwards so they are not clipped.
    const anchor = t === 0 ? 'start' : t + tickMs > maxMs + 1e-6 ? 'end' : 'middle';
    parts.push(`<line x1="${X}" x2="${X}" y1="${top}" y2="${bottom}" stroke="#e9ecef"/>`);
    parts.push(`<line x1="${X}" x2="${X}" y1="${bottom}" y2="${bottom + 5}" stroke="#495057"/>`);
    parts.push(`<text x="${X}" y="${bottom + 17}" text-anchor="${anchor}" class="tick">${formatTick(t)} s</text>`);
  }
  parts.push(`<line x1="${PAD_L}" x2="${WIDTH - PAD_R}" y1="${bottom}" y2="${bottom}" stroke="#495057"/>`);

  for (const { req, lane, x0, x1 } of lanes) {
    const y = top + 4 + lane * (LANE + LANE_GAP);
    const tip = `#${req.id} ${(req.start / 1000).toFixed(2)}–${(req.end / 1000).toFixed(2)} s: ${req.outcome}${req.error ? ` (${req.error})` : ''}`;
    parts.push(`<rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="${LANE}" rx="1" fill="${COLORS[/** @type {keyof COLORS} */ (req.outcome)]}"><title>${esc(tip)}</title></rect>`);
  }

  for (const l of labels) {
    const X = l.x.toFixed(1);
    const style = MARKS[/** @type {keyof MARKS} */ (l.kind)];
    parts.push(`<line x1="${X}" x2="${X}" y1="${4 + l.row * LABEL_ROW + 8}" y2="${bottom}" stroke="${style.color}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
    const tx = l.anchor === 'start' ? l.x + 4 : l.x - 4;
    parts.push(`<text x="${tx.toFixed(1)}" y="${4 + l.row * LABEL_ROW + 11}" text-anchor="${l.anchor}" class="mark" fill="${style.color}">${esc(l.text)}</text>`);
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(`timeline: ${r.title}`)}">${parts.join('')}</svg>`;
}

/**
 * @param {any} r
 * @returns {{ kind: string, t: number, text: string }[]}
 */
function marksOf(r) {
  const t = r.times;
  const marks = [{ kind: 'stop', t: t.stop, text: `${r.stopSignal} sent` }];
  marks.push({ kind: 'lbStop', t: t.lbStop, text: 'LB stops sending' });
  if (t.drainEnd != null) marks.push({ kind: 'drainEnd', t: t.drainEnd, text: `drain end${t.drainEndSource === 'flags' ? ' (from --drain)' : ''}` });
  if (t.serverSignal) marks.push({ kind: 'serverSignal', t: t.serverSignal.at, text: `server gets ${t.serverSignal.signal}` });
  if (t.graceKill != null) marks.push({ kind: 'graceKill', t: t.graceKill, text: 'grace over: SIGKILL' });
  marks.push({
    kind: 'exit',
    t: t.exit,
    text: r.exit.killedByHarness ? `SIGKILL by demo → exit ${r.exit.code}` : `exit ${r.exit.code}`,
  });
  return marks;
}

/**
 * Puts each label on the first row where it does not overlap an earlier one,
 * flipping it to the left of its line near the right edge.
 * @template {{ x: number, text: string }} M
 * @param {M[]} marks
 * @returns {(M & { row: number, anchor: 'start' | 'end' })[]}
 */
function placeLabels(marks) {
  /** @type {number[][][]} occupied [from, to] spans per row */
  const rows = [];
  return [...marks].sort((a, b) => a.x - b.x).map((m) => {
    const w = m.text.length * CHAR_W + 8;
    const anchor = m.x + w > WIDTH - PAD_R ? 'end' : 'start';
    const span = anchor === 'start' ? [m.x, m.x + w] : [m.x - w, m.x];
    let row = rows.findIndex((spans) => spans.every(([a, b]) => span[1] < a || span[0] > b));
    if (row < 0) row = rows.push([]) - 1;
    rows[row].push(span);
    return { ...m, row, anchor };
  });
}

/**
 * Stacks request bars in as few lanes as possible (first fit in start order),
 * so hundreds of requests fit in a short panel. A refused request lasts
 * under a millisecond; it still gets a bar wide enough to see.
 * @param {any[]} requests
 * @param {(t: number) => number} x
 */
function packLanes(requests, x) {
  /** @type {number[]} right edge of the last bar in each lane */
  const ends = [];
  return [...requests].sort((a, b) => a.start - b.start).map((req) => {
    const x0 = x(req.start);
    const x1 = Math.max(x(req.end), x0 + 3);
    let lane = ends.findIndex((end) => end + 1 < x0);
    if (lane < 0) lane = ends.push(0) - 1;
    ends[lane] = x1;
    return { req, lane, x0, x1 };
  });
}

/**
 * @param {number} x0
 * @param {number} x1
 * @param {number} top
 * @param {number} h
 * @param {string} fill
 */
function band(x0, x1, top, h, fill) {
  return x1 > x0 ? `<rect x="${x0.toFixed(1)}" y="${top}" width="${(x1 - x0).toFixed(1)}" height="${h}" fill="${fill}"/>` : '';
}

/** @param {number} ms */
function formatTick(ms) {
  return String(Math.round(ms) / 1000);
}

/**
 * A common time axis for all setups: up to the last exit or request end,
 * with ticks every 0.25, 0.5, 1, 2 or 5 seconds.
 * @param {any[]} results
 * @returns {{ maxMs: number, tickMs: number }}
 */
export function commonScale(results) {
  const ends = results.filter((r) => !r.error).flatMap((r) => [r.times.exit, ...r.requests.map((/** @type {any} */ q) => q.end)]);
  const last = Math.max(1000, ...ends) * 1.03;
  const tickMs = [250, 500, 1000, 2000, 5000, 10000].find((s) => last / s <= 16) ?? 10000;
  return { maxMs: Math.ceil(last / tickMs) * tickMs, tickMs };
}
