// Reaping: N orphans of the init (PID 1 of a namespace) exit at once; how long until none is
// left as a zombie, and how much CPU the init spent on it. The C `orphans` fixture makes the
// orphans, releases them when the bench says so, and times the release to the last reap
// itself (see bench/c/orphans.c); the bench reads the init's CPU time around that.
import { execFileSync } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { alternate } from '../lib/alternate.js';
import { progress } from '../lib/context.js';
import { startInit, stopInit } from '../lib/pid1.js';
import { childrenOf, cpuNs } from '../lib/proc.js';
import { Notes } from '../lib/notes.js';
import { Samples, valueOf } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { argvUnder } from '../lib/subjects.js';

/** How long the fixture waits for the last reap before it reports how many are left. */
const REAP_TIMEOUT_MS = 20000;

/**
 * One run: returns ms to 0 zombies, ms of init CPU, and zombies left.
 * @param {import('../lib/subjects.js').Init} init
 * @param {import('../lib/context.js').Context} ctx
 * @param {string} fifo
 * @param {Notes} notes
 */
async function reapOnce(init, ctx, fifo, notes) {
  const argv = argvUnder(init, [ctx.fixtures.orphans, String(ctx.opts.orphans), fifo, String(REAP_TIMEOUT_MS)]);
  const started = await startInit(argv, { pid1: true });
  const { proc, initPid } = started;
  /** @type {import('node:fs/promises').FileHandle | undefined} */
  let go;
  try {
    await proc.waitLine('ready', 60000);
    const cpu0 = /** @type {number} */ (cpuNs(initPid));
    // Read-write: on Linux that open never blocks, even if the fixture died before opening its end.
    go = await open(fifo, 'r+');
    await go.write('g');
    const [, release, done] = await proc.waitLine('done', REAP_TIMEOUT_MS + 10000);
    const cpu1 = /** @type {number} */ (cpuNs(initPid));
    const [, left] = await proc.waitLine('left', 5000);
    // Cross-check from outside: zombies still parented to the init right now.
    const zombies = childrenOf(initPid).filter((c) => c.state === 'Z').length;
    return {
      reapMs: Number(BigInt(/** @type {string} */ (done)) - BigInt(/** @type {string} */ (release))) / 1e6,
      cpuMs: (cpu1 - cpu0) / 1e6,
      left: Math.max(Number(left), zombies),
    };
  } finally {
    await go?.close(); // EOF on the FIFO: the fixture exits, and with it the init
    if (!(await proc.exitWithin(10000))) {
      await stopInit(started, 'SIGKILL', 5000);
      notes.add(`${init.label} killed`, `${init.label}: still running 10 s after its child was told to exit; killed.`);
    }
    notes.stderr(init.label, proc);
  }
}

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Promise<import('../lib/result.js').Result>}
 */
export async function runReaping(ctx) {
  const started = Date.now();
  const fifo = join(ctx.tmpDir, 'go.fifo');
  const samples = new Samples();
  const notes = new Notes();
  for (const step of alternate(ctx.opts.runs, ctx.inits)) {
    const init = step.subject;
    await rm(fifo, { force: true });
    execFileSync('mkfifo', [fifo]);
    const r = await reapOnce(init, ctx, fifo, notes);
    samples.add(init.id, 'reap', r.reapMs);
    samples.add(init.id, 'cpu', r.cpuMs);
    samples.add(init.id, 'left', r.left);
    if (r.left > 0) notes.add(`${init.label} left ${step.run}`, `${init.label}, run ${step.run + 1}: ${r.left} zombies left ${REAP_TIMEOUT_MS / 1000} s after the release.`);
    progress(ctx, 'reaping', step, `${init.label}: ${r.reapMs.toFixed(0)} ms to 0 zombies, ${r.cpuMs.toFixed(0)} ms CPU, ${r.left} left`);
  }
  /** @type {import('../lib/result.js').Result} */
  const result = {
    id: 'reaping',
    title: `Reaping: ${ctx.opts.orphans.toLocaleString('en')} orphans exiting at once (init as PID 1)`,
    method:
      `A C fixture, the init's child, forks ${ctx.opts.orphans} processes through a middle process that exits, so they ` +
      "are reparented to the init, blocked reading a pipe. On the bench's word it closes the pipe (all exit " +
      'at once) and polls kill(pid, 0) until every pid is gone (a zombie still answers): "to 0 zombies" is ' +
      'that time. "init CPU" is the growth of the init\'s CPU time (all threads, /proc/PID/task/*/schedstat) ' +
      'from before the release to the last reap. "left": zombies remaining at the end (fixture and /proc).',
    metrics: [
      { key: 'reap', label: 'to 0 zombies', unit: 'ms' },
      { key: 'cpu', label: 'init CPU', unit: 'ms' },
      { key: 'left', label: 'zombies left', unit: '', show: 'max' },
    ],
    rows: ctx.inits.map((init) => ({
      id: init.id,
      label: init.label,
      values: { reap: summarize(samples.get(init.id, 'reap')), cpu: summarize(samples.get(init.id, 'cpu')), left: summarize(samples.get(init.id, 'left')) },
    })),
    charts: [
      {
        title: `Reaping ${ctx.opts.orphans.toLocaleString('en')} orphans: time to 0 zombies and init CPU`,
        unit: 'ms',
        series: [
          { name: 'to 0 zombies', metric: 'reap' },
          { name: 'init CPU', metric: 'cpu' },
        ],
        rows: ctx.inits.map((i) => i.id),
        /** @type {import('../lib/result.js').Limit[]} */
        limits: [],
      },
    ],
    notes: notes.list(),
    seconds: (Date.now() - started) / 1000,
  };
  const dumb = ctx.inits.find((i) => i.kind === 'dumb-init');
  const ref = dumb ? valueOf(result, dumb.id, 'cpu') : null;
  if (ref) result.charts[0]?.limits?.push({ value: ref.median * 2, label: 'CPU ≤ 2 × dumb-init' });
  return result;
}
