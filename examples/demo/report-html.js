/**
 * The self-contained HTML report: a summary table and one SVG timeline per
 * setup on a shared time axis. No external assets, so it can be mailed,
 * attached to an issue or opened offline.
 */
import { formatSeconds } from './duration.js';
import { esc } from './html-escape.js';
import { shellJoin } from './shell-words.js';
import { storyOf } from './story.js';
import { COLORS, MARKS, commonScale, timelineSvg } from './timeline-svg.js';

/**
 * @param {any} run  the full results object written by --json
 * @returns {string}
 */
export function reportHtml(run) {
  const scale = commonScale(run.setups);
  const o = run.options;
  const intro = `Each setup starts <b>${esc(run.server.name)}</b> (${esc(run.server.about)}) and a load
    balancer sends it ${o.rate} new requests per second. After ${formatSeconds(o.warmupMs)} the orchestrator
    sends <b>SIGTERM</b>, as <code>docker stop</code> and Kubernetes do; the balancer keeps sending
    new requests for ${formatSeconds(o.afterMs)} more, until it notices. ${run.pidNamespace
      ? 'Every setup runs as PID 1 of its own PID namespace, as in a container.'
      : 'No PID namespace could be made here: every setup runs as a plain process.'}`;

  const sections = run.setups.map((/** @type {any} */ r) => `
    <section>
      <h2>${esc(r.title)}</h2>
      <p class="cmd"><code>${esc(shellJoin(r.command.map(shortPath)))}</code></p>
      ${r.error
        ? `<p class="error">Did not start: ${esc(r.error)}</p>`
        : `${timelineSvg(r, scale)}<p class="sum">${summary(r)}</p><p class="story">${esc(storyOf(r))}</p>`}
    </section>`).join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>graceful-init demo: stopping ${esc(run.server.name)} under load</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212529; margin: 24px auto; max-width: 1140px; padding: 0 10px; }
  h1 { font-size: 22px; margin: 0 0 6px; }
  h2 { font-size: 16px; margin: 22px 0 2px; }
  p { margin: 4px 0; }
  code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  .cmd { color: #495057; }
  .meta { color: #495057; font-size: 12px; }
  table { border-collapse: collapse; margin: 12px 0; }
  th, td { padding: 4px 12px; border-bottom: 1px solid #dee2e6; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  th { background: #f8f9fa; font-weight: 600; }
  td.bad { color: ${COLORS.failed}; font-weight: 600; }
  td.warn { color: #b35900; font-weight: 600; }
  .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; font-size: 13px; margin: 8px 0 4px; }
  .legend span { display: inline-flex; align-items: center; gap: 6px; }
  .swatch { display: inline-block; width: 22px; height: 8px; border-radius: 1px; }
  svg { display: block; margin-top: 4px; max-width: 100%; height: auto; }
  svg .tick { font: 11px system-ui, sans-serif; fill: #495057; }
  svg .mark { font: 600 11px system-ui, sans-serif; }
  .sum { font-size: 13px; }
  .story { font-size: 13px; color: #343a40; }
  .error { color: ${COLORS.failed}; }
</style></head><body>
<h1>Stopping ${esc(run.server.name)} under load</h1>
<p>${intro}</p>
<p class="meta">Init: <code>${esc(run.init.name)}</code>${run.init.note ? ` (${esc(run.init.note)})` : ''} ·
  generated ${esc(run.finishedAt)} · <code>${esc(run.argv.length ? `npm run demo -- ${shellJoin(run.argv)}` : 'npm run demo')}</code></p>
${summaryTable(run.setups)}
${legend()}
${sections}
</body></html>
`;
}

/**
 * @param {any[]} setups
 * @returns {string}
 */
function summaryTable(setups) {
  const rows = setups.map((r) => (r.error
    ? `<tr><td>${esc(r.title)}</td><td colspan="5">did not start</td></tr>`
    : `<tr><td>${esc(r.title)}</td><td>${r.counts.ok}</td>
      <td class="${r.counts.failed ? 'bad' : ''}">${r.counts.failed} (${r.counts.reset}, ${r.counts.http5xx})</td>
      <td class="${r.counts.refused ? 'warn' : ''}">${r.counts.refused}</td>
      <td>${formatSeconds(r.shutdownMs)}</td>
      <td class="${r.exit.killedByHarness ? 'bad' : ''}">${r.exit.code}${r.exit.killedByHarness ? ' (SIGKILLed)' : ''}</td></tr>`)).join('');
  return `<table><thead><tr><th>setup</th><th>ok</th><th>failed (reset, 5xx)</th><th>refused</th>
    <th>shutdown</th><th>exit</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function legend() {
  const bar = (/** @type {string} */ color, /** @type {string} */ text) =>
    `<span><i class="swatch" style="background:${color}"></i>${text}</span>`;
  const line = (/** @type {keyof MARKS} */ kind, /** @type {string} */ text) => {
    const m = MARKS[kind];
    return `<span><svg width="22" height="12"><line x1="11" x2="11" y1="0" y2="12" stroke="${m.color}" stroke-width="${m.width}"${m.dash ? ` stroke-dasharray="${m.dash}"` : ''}/></svg>${text}</span>`;
  };
  return `<div class="legend">
    ${bar(COLORS.ok, 'request ok')}${bar(COLORS.failed, 'failed (reset, 5xx, timeout)')}${bar(COLORS.refused, 'refused (never reached the server)')}
    ${line('stop', 'stop signal')}${line('lbStop', 'load balancer stops sending')}${line('drainEnd', 'drain end')}
    ${line('serverSignal', 'signal reaches the server')}${line('graceKill', 'SIGKILL by the init (grace over)')}${line('exit', 'exit')}
    <span><i class="swatch" style="background:#e7f5ff;height:12px"></i>drain</span>
    <span><i class="swatch" style="background:#f1f3f5;height:12px"></i>after exit</span>
  </div><p class="meta">Each bar is one request, from sent to answered (or failed). x axis: seconds since the load started.</p>`;
}

/** @param {any} r */
function summary(r) {
  const c = r.counts;
  const parts = [`<b>${c.ok}</b> ok`, `<b>${c.failed}</b> failed`, `<b>${c.refused}</b> refused`,
    `shutdown ${formatSeconds(r.shutdownMs)}`, `exit ${r.exit.code}`];
  if (r.exit.killedByHarness) parts.push(`SIGKILLed by the demo after ${formatSeconds(r.killAfterMs)}`);
  return parts.join(' · ');
}

/**
 * Absolute paths make commands long and machine-specific; show them relative
 * to the repository where possible.
 * @param {string} word
 */
function shortPath(word) {
  if (word === process.execPath) return 'node';
  const cwd = `${process.cwd()}/`;
  return word.startsWith(cwd) ? word.slice(cwd.length) : word;
}
