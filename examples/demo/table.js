/**
 * The summary table printed at the end: one row per setup, the numbers that
 * tell whether a stop lost requests.
 */
import { formatSeconds } from './duration.js';
import { keepAliveRaces } from './story.js';

/**
 * @param {any[]} results  from runSetup, each with a `title`
 * @returns {string}
 */
export function formatTable(results) {
  const header = ['setup', 'ok', 'failed (reset, 5xx)', 'refused', 'shutdown', 'exit'];
  const rows = results.map((r) => (r.error
    ? [r.title, '—', '—', '—', '—', 'did not start']
    : [r.title, String(r.counts.ok), failedCell(r.counts), String(r.counts.refused), formatSeconds(r.shutdownMs), exitCell(r)]));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  // Numbers right-aligned so columns compare at a glance.
  const align = (/** @type {string[]} */ cells) => cells
    .map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
  const lines = [align(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(align)];
  const notes = results.flatMap(noteFor);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** @param {any} c counts */
function failedCell(c) {
  const extra = [c.timeout && `${c.timeout} timeout`, c.otherError && `${c.otherError} other`].filter(Boolean);
  return `${c.failed} (${c.reset}, ${c.http5xx}${extra.length ? `; ${extra.join(', ')}` : ''})`;
}

/** @param {any} r */
function exitCell(r) {
  return r.exit.killedByHarness ? `${r.exit.code} (SIGKILLed)` : String(r.exit.code);
}

/**
 * Explanations a bare number cannot give.
 * @param {any} r
 * @returns {string[]}
 */
function noteFor(r) {
  if (r.error) return [`* ${r.title}: ${r.error}`];
  const notes = [];
  if (r.exit.killedByHarness) {
    const why = r.kind === 'alone' && r.pid1 && !r.times.serverSignal
      ? `ignored ${r.stopSignal}: it is PID 1 with no handler for it, so the kernel drops it`
      : `still running ${formatSeconds(r.killAfterMs)} after ${r.stopSignal}`;
    notes.push(`* ${r.title}: ${why}; SIGKILLed by the demo after ${formatSeconds(r.killAfterMs)}.`);
  }
  const races = keepAliveRaces(r);
  if (races) notes.push(`* ${r.title}: ${races} reset(s) on a kept-alive connection the stopping server closed as the request arrived (the keep-alive race).`);
  return notes;
}
