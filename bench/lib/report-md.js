// Writes RESULTS.md: where and when, the targets with pass/fail, then one table per scenario
// with its method and anything odd that was seen.
import { fmt } from './format.js';

/**
 * @typedef {import('./result.js').Result} Result
 * @typedef {import('./result.js').Metric} Metric
 * @typedef {import('./stats.js').Summary} Summary
 */

/** @param {Summary | null} s @param {Metric} m @returns {string} a table cell */
function cell(s, m) {
  if (!s) return '–';
  if (m.show === 'max') return fmt(s.max);
  if (m.show === 'p99') return `${fmt(s.median)} / ${fmt(s.p99)} (max ${fmt(s.max)})`;
  return `${fmt(s.median)} [${fmt(s.p25)}–${fmt(s.p75)}]`;
}

/** @param {Metric} m @returns {string} a column header */
function header(m) {
  const unit = m.unit ? ` (${m.unit})` : '';
  if (m.show === 'p99') return `${m.label}${unit}: p50 / p99`;
  if (m.show === 'max') return `${m.label}: max`;
  return `${m.label}${unit}: median [p25–p75]`;
}

/** @param {string} s @returns {string} safe inside a table cell */
const esc = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** @param {Result} r @returns {string[]} */
function scenarioSection(r) {
  const lines = [`## ${r.title}`, '', r.method, ''];
  lines.push(`| command | ${r.metrics.map(header).join(' | ')} | n |`);
  lines.push(`| --- | ${r.metrics.map(() => '---').join(' | ')} | --- |`);
  for (const row of r.rows) {
    const n = r.metrics.map((m) => row.values[m.key]?.n).find((x) => x !== undefined) ?? 0;
    lines.push(`| ${esc(row.label)} | ${r.metrics.map((m) => cell(row.values[m.key] ?? null, m)).join(' | ')} | ${n} |`);
  }
  lines.push('');
  if (r.notes.length > 0) lines.push('Seen during the runs:', '', ...r.notes.map((n) => `- ${n}`), '');
  return lines;
}

/**
 * @param {{ machine: Record<string, string>, nodes: import('./subjects.js').NodeBin[], inits: import('./subjects.js').Init[],
 *   skipped: string[], opts: Readonly<import('./options.js').Options>, linking: string, seconds: number,
 *   results: Result[], checks: import('./targets.js').Check[], chartFile: string }} run
 * @returns {string}
 */
export function renderMarkdown(run) {
  const gi = run.inits.filter((i) => i.kind === 'graceful-init');
  const lines = [
    '# graceful-init benchmarks',
    '',
    `Written by \`node bench/run.js${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` ` +
      `(${run.opts.runs} runs of each command per scenario, alternated A B A B…, ${run.opts.quick ? 'quick mode, ' : ''}` +
      `${Math.round(run.seconds)} s in all). How to run it and what each number means: [README.md](README.md).`,
    '',
    '| | |',
    '| --- | --- |',
    ...Object.entries(run.machine).map(([k, v]) => `| ${k} | ${esc(v)} |`),
    `| node | ${run.nodes.map((n) => `${n.version} (${n.path})`).join(', ')} |`,
    `| graceful-init | ${gi.length ? gi.map((i) => `\`${i.command.join(' ')}\``).join(', ') : `**not included**: ${esc(run.skipped.join('; ') || 'left out with --no-graceful')}`} |`,
    `| C fixtures | gcc, ${run.linking} |`,
    '',
    `![chart of the results](${run.chartFile})`,
    '',
    '## Targets',
    '',
  ];
  if (run.checks.length === 0) lines.push('Not checked: graceful-init was not part of this run.', '');
  else {
    lines.push('Each graceful-init number against its limit; relative limits use a reference measured in the same run.', '');
    lines.push('| target | subject | measured | limit | verdict | basis |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of run.checks) {
      const u = c.unit ? ` ${c.unit}` : '';
      const over = c.verdict === 'FAIL' && c.value !== null && c.limit ? ` (${fmt(c.value / c.limit)} × the limit)` : '';
      const ratio = c.ratio === null ? '' : ` (${fmt(c.ratio)} ×)`;
      lines.push(
        `| ${esc(c.target)} | ${esc(c.subject)} | ${c.value === null ? '–' : `${fmt(c.value)}${u}${ratio}`} | ` +
          `${c.limit === null ? '–' : `${fmt(c.limit)}${u}`} | **${c.verdict}**${over} | ${esc(c.basis)} |`,
      );
    }
    lines.push('');
  }
  for (const r of run.results) lines.push(...scenarioSection(r));
  return `${lines.join('\n')}\n`;
}
