// Stop precision: graceful-init with `--drain 1s` as PID 1 gets SIGTERM; how far from 1 s the
// child gets its TERM (the drain error), and how long after the child's exit the init itself
// exits. dumb-init and tini, which forward TERM at once, give the floor for the second number.
// The child is the C `sigrecv` fixture (stamps its TERM handler, then exits 0); the init's
// exit is stamped from outside by the C `exitwatch` fixture, through a pidfd.
import { Child, sleep } from '../lib/child.js';
import { alternate } from '../lib/alternate.js';
import { progress } from '../lib/context.js';
import { startInit, stopInit } from '../lib/pid1.js';
import { Notes } from '../lib/notes.js';
import { Samples } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { argvUnder } from '../lib/subjects.js';

export const DRAIN_MS = 1000;
const SETTLE_MS = 200;

/**
 * @param {import('../lib/subjects.js').Init} init
 * @param {import('../lib/context.js').Context} ctx
 * @param {Notes} notes
 * @returns {Promise<{ toTermMs: number, exitLagMs: number, code: number | null }>}
 */
async function stopOnce(init, ctx, notes) {
  const flags = init.kind === 'graceful-init' ? ['--drain', `${DRAIN_MS / 1000}s`] : [];
  const started = await startInit(argvUnder(init, [ctx.fixtures.sigrecv], flags), { pid1: true });
  const { proc, initPid } = started;
  const watch = new Child(ctx.fixtures.exitwatch, [String(initPid), String(DRAIN_MS + 15000)]);
  try {
    await proc.waitLine('ready', 15000);
    await watch.waitLine('watching', 5000);
    await sleep(SETTLE_MS);
    const t0 = process.hrtime.bigint();
    process.kill(initPid, 'SIGTERM');
    const [, term] = await proc.waitLine('term', DRAIN_MS + 10000);
    const [, childExit] = await proc.waitLine('exit', 5000);
    const [, initExit] = await watch.waitLine('exited', 10000);
    const end = await proc.end(5000);
    return {
      toTermMs: Number(BigInt(/** @type {string} */ (term)) - t0) / 1e6,
      exitLagMs: Number(BigInt(/** @type {string} */ (initExit)) - BigInt(/** @type {string} */ (childExit))) / 1e6,
      code: end.code,
    };
  } finally {
    await stopInit(started, 'SIGKILL', 5000);
    await watch.end(1000);
    notes.stderr(init.label, proc);
  }
}

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Promise<import('../lib/result.js').Result>}
 */
export async function runStop(ctx) {
  const started = Date.now();
  const samples = new Samples();
  const notes = new Notes();
  for (const step of alternate(ctx.opts.runs, ctx.inits)) {
    const init = step.subject;
    const r = await stopOnce(init, ctx, notes);
    samples.add(init.id, 'toTerm', r.toTermMs);
    if (init.kind === 'graceful-init') samples.add(init.id, 'drainError', r.toTermMs - DRAIN_MS);
    samples.add(init.id, 'exitLag', r.exitLagMs);
    if (r.code !== 0) notes.add(`${init.label} code ${r.code}`, `${init.label}: exit status ${r.code} (the child exited 0 on TERM).`);
    progress(ctx, 'stop', step, `${init.label}: TERM reached the child after ${r.toTermMs.toFixed(1)} ms; init exit ${r.exitLagMs.toFixed(2)} ms after the child's`);
  }
  return {
    id: 'stop',
    title: `Stop precision: SIGTERM with --drain ${DRAIN_MS / 1000}s (init as PID 1)`,
    method:
      `graceful-init runs with \`--drain ${DRAIN_MS / 1000}s\` (dumb-init and tini have no drain and forward at once). ` +
      'The bench stamps CLOCK_MONOTONIC before kill(init, SIGTERM); the child stamps its TERM handler ' +
      '("TERM → child"; minus 1 s: "drain error") and its exit; a pidfd on the init stamps the init\'s exit ' +
      '("child exit → init exit"). All inits run as PID 1 of a new pid namespace.',
    metrics: [
      { key: 'toTerm', label: 'TERM → child', unit: 'ms' },
      { key: 'drainError', label: 'drain error', unit: 'ms' },
      { key: 'exitLag', label: 'child exit → init exit', unit: 'ms' },
    ],
    rows: ctx.inits.map((init) => ({
      id: init.id,
      label: init.kind === 'graceful-init' ? `${init.label} --drain ${DRAIN_MS / 1000}s` : init.label,
      values: {
        toTerm: summarize(samples.get(init.id, 'toTerm')),
        drainError: summarize(samples.get(init.id, 'drainError')),
        exitLag: summarize(samples.get(init.id, 'exitLag')),
      },
    })),
    charts: [
      {
        title: `Stop: drain error (graceful-init, --drain ${DRAIN_MS / 1000}s) and child exit → init exit`,
        unit: 'ms',
        series: [
          { name: 'drain error', metric: 'drainError' },
          { name: 'child exit → init exit', metric: 'exitLag' },
        ],
        rows: ctx.inits.map((i) => i.id),
        limits: [
          { value: 10, label: 'exit lag ≤ 10 ms' },
          { value: 20, label: 'drain error ≤ 20 ms' },
        ],
      },
    ],
    notes: notes.list(),
    seconds: (Date.now() - started) / 1000,
  };
}
