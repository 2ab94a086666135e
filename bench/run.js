#!/usr/bin/env node
// The benchmark harness (issue 5): measures graceful-init against dumb-init, tini and bare
// Node, scenario by scenario, and writes RESULTS.md, results.svg and results.json.
// Benchmarks are not tests: a missed target is reported, never an exit code.
// Usage: node bench/run.js --help
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAll } from './lib/child.js';
import { buildFixtures } from './lib/fixtures.js';
import { fmt } from './lib/format.js';
import { describeMachine, sampleIdle } from './lib/machine.js';
import { parseOptions, USAGE, UsageError } from './lib/options.js';
import { missingPrerequisites } from './lib/prereqs.js';
import { renderMarkdown } from './lib/report-md.js';
import { renderSvg } from './lib/report-svg.js';
import { listInits, nodeBin } from './lib/subjects.js';
import { checkTargets } from './lib/targets.js';
import { runForwarding } from './scenarios/forwarding.js';
import { runMemory } from './scenarios/memory.js';
import { runReaping } from './scenarios/reaping.js';
import { runStartup } from './scenarios/startup.js';
import { runStop } from './scenarios/stop.js';
import { runDrainIdle } from './scenarios/drain-idle.js';
import { runSize } from './scenarios/size.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');

/** @type {Record<string, { title: string, run: (ctx: import('./lib/context.js').Context) => Promise<import('./lib/result.js').Result> }>} */
const SCENARIOS = {
  startup: { title: 'Start-up', run: runStartup },
  memory: { title: 'Memory', run: runMemory },
  forwarding: { title: 'Signal forwarding latency', run: runForwarding },
  reaping: { title: 'Reaping', run: runReaping },
  stop: { title: 'Stop precision', run: runStop },
  'drain-idle': { title: 'Drain until idle', run: runDrainIdle },
  size: { title: 'Size on disk and in transit', run: runSize },
};

/** @param {string} msg */
const log = (msg) => process.stderr.write(`${msg}\n`);

/**
 * @param {string[]} argv
 * @returns {Promise<number>} the exit code
 */
async function main(argv) {
  const opts = parseOptions(argv);
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const problems = missingPrerequisites();
  if (problems.length > 0) {
    log(`bench: cannot run:\n  ${problems.join('\n  ')}\nInstall what is missing with: bash bench/setup.sh`);
    return 1;
  }
  const started = Date.now();
  const machine = describeMachine();
  const idleBefore = await sampleIdle(2000);
  log(`bench: CPU ${idleBefore}% idle over the 2 s before the run${idleBefore < 90 ? ': busy, expect noisy tails' : ''}`);
  const nodePaths = opts.nodes.length > 0 ? [...opts.nodes] : [process.execPath];
  const portable = opts.portable === null ? null : resolve(opts.portable);
  if (portable !== null) nodePaths.push(join(portable, 'lib', 'node'));
  const nodes = nodePaths.map((p) => nodeBin(resolve(p)));
  const { fixtures, linking } = buildFixtures(join(BENCH, 'c'), join(BENCH, 'out', 'bin'), log);
  const { inits, skipped } = listInits({ nodes, initCmd: opts.initCmd, binPath: join(ROOT, 'bin', 'graceful-init.js'), graceful: opts.graceful, portable });
  for (const s of skipped) log(`bench: graceful-init left out: ${s}`);
  log(`bench: ${inits.map((i) => i.label).join(', ')}; node ${nodes.map((n) => n.version).join(', ')}; ${opts.runs} run${opts.runs === 1 ? '' : 's'} of each`);
  const tmpDir = mkdtempSync(join(os.tmpdir(), 'graceful-init-bench-'));
  const ctx = { opts, fixtures, inits, nodes, tmpDir, log };
  const results = [];
  let failed = 0;
  try {
    for (const id of opts.only) {
      const s = /** @type {(typeof SCENARIOS)[string]} */ (SCENARIOS[id]);
      log(`bench: ${s.title}…`);
      try {
        results.push(await s.run(ctx));
      } catch (err) {
        failed++;
        log(`bench: ${id} failed: ${/** @type {Error} */ (err).stack}`);
        const note = `This scenario failed and measured nothing: ${/** @type {Error} */ (err).message}`;
        results.push({ id, title: s.title, method: '', metrics: [], rows: [], charts: [], notes: [note], seconds: 0 });
      }
    }
  } finally {
    killAll();
    rmSync(tmpDir, { recursive: true, force: true });
  }
  machine['CPU idle, 2 s before / after the run'] = `${idleBefore}% / ${await sampleIdle(2000)}%`;
  const checks = checkTargets(Object.fromEntries(results.map((r) => [r.id, r])), inits);
  const outDir = resolve(opts.out ?? (opts.quick ? join(BENCH, 'out') : BENCH));
  mkdirSync(outDir, { recursive: true });
  const seconds = (Date.now() - started) / 1000;
  const caption = `${machine.cpu}, ${machine.kernel}, node ${nodes.map((n) => n.version).join(' / ')}, ${machine.date}${opts.quick ? ' (quick)' : ''}`;
  writeFileSync(join(outDir, 'results.svg'), renderSvg(results, caption));
  writeFileSync(join(outDir, 'RESULTS.md'), renderMarkdown({ machine, nodes, inits, skipped, opts, linking, seconds, results, checks, chartFile: 'results.svg' }));
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ machine, nodes, inits, skipped, opts, results, checks }, null, 2)}\n`);
  for (const c of checks) {
    const u = c.unit ? ` ${c.unit}` : '';
    const ratio = c.ratio === null ? '' : ` = ${fmt(c.ratio)} ×`;
    log(`${c.verdict.padEnd(4)}  ${c.subject}: ${c.target}: ${c.value === null ? '–' : fmt(c.value)}${u}${ratio} (limit ${c.limit === null ? '–' : fmt(c.limit)}${u})`);
  }
  log(`bench: wrote ${relative(process.cwd(), join(outDir, 'RESULTS.md')) || 'RESULTS.md'} and results.svg in ${Math.round(seconds)} s`);
  return failed > 0 ? 1 : 0;
}

for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    killAll();
    log(err instanceof UsageError ? `bench: ${err.message}` : `bench: ${err.stack}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
