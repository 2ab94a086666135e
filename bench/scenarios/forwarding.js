// Signal forwarding latency: from kill(2) of the init to the child's signal handler, with the
// init as the real PID 1 of a namespace and as a plain process. The child is the C `sigrecv`
// fixture, which stamps CLOCK_MONOTONIC first thing in its handler; the bench stamps the same
// clock right before process.kill. Signals are spaced out, so each meets an idle init.
import { sleep } from '../lib/child.js';
import { alternate } from '../lib/alternate.js';
import { progress } from '../lib/context.js';
import { startInit, stopInit } from '../lib/pid1.js';
import { Notes } from '../lib/notes.js';
import { Samples, valueOf } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { argvUnder } from '../lib/subjects.js';

/** The signal timed: every init forwards it, and no runtime gives it a meaning of its own. */
const SIGNAL = 'SIGUSR2';
const SIGNO = 12;
/** A signal not answered by then counts as lost. */
const LOST_MS = 1000;
/** Pause between signals: long enough that two never coalesce or queue behind each other. */
const GAP_MS = 3;
/** Time for the init to finish its start-up after its child ran (handlers, timers). */
const SETTLE_MS = 200;

const MODES = [
  { key: 'pid1', pid1: true, label: 'PID 1' },
  { key: 'plain', pid1: false, label: 'plain' },
];

/**
 * Sends `count` signals to one running init and returns the latencies in µs (lost: NaN).
 * @param {import('../lib/pid1.js').Started} started
 * @param {number} count
 */
async function sendSignals({ proc, initPid }, count) {
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    process.kill(initPid, SIGNAL);
    try {
      const [, signo, t] = await proc.waitLine('sig', LOST_MS);
      if (Number(signo) !== SIGNO) throw new Error(`child got signal ${signo}, expected ${SIGNO}`);
      latencies.push(Number(BigInt(/** @type {string} */ (t)) - t0) / 1000);
    } catch (err) {
      if (proc.exitStatus) throw err;
      latencies.push(NaN);
    }
    await sleep(GAP_MS);
  }
  return latencies;
}

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Promise<import('../lib/result.js').Result>}
 */
export async function runForwarding(ctx) {
  const started = Date.now();
  const perRun = Math.ceil(ctx.opts.signals / ctx.opts.runs);
  const samples = new Samples();
  /** @type {Map<string, number>} */
  const lost = new Map();
  const notes = new Notes();
  const subjects = ctx.inits.flatMap((init) => MODES.map((mode) => ({ init, mode })));
  for (const step of alternate(ctx.opts.runs, subjects)) {
    const { init, mode } = step.subject;
    const running = await startInit(argvUnder(init, [ctx.fixtures.sigrecv]), { pid1: mode.pid1 });
    try {
      await running.proc.waitLine('ready', 15000);
      await sleep(SETTLE_MS);
      const lat = await sendSignals(running, perRun);
      const key = `${init.id}:${mode.key}`;
      lost.set(key, (lost.get(key) ?? 0) + lat.filter(Number.isNaN).length);
      for (const v of lat) if (!Number.isNaN(v)) samples.add(init.id, mode.key, v);
      const med = summarize(lat);
      progress(ctx, 'forwarding', step, `${init.label} (${mode.label}): median ${med ? med.median.toFixed(0) : '-'} µs over ${perRun}`);
    } finally {
      // TERM reaches the fixture through the init; the fixture exits 0, and so should the init.
      const end = await stopInit(running, 'SIGTERM', 5000);
      const who = `${init.label} (${mode.label})`;
      notes.stderr(who, running.proc);
      if (end.killed) notes.add(`${who} killed`, `${who}: still running 5 s after SIGTERM at the end of a run; killed.`);
      else if (end.code !== 0) notes.add(`${who} code ${end.code}`, `${who}: exited ${end.code ?? end.signal} after SIGTERM (its child exits 0).`);
    }
  }
  for (const [key, n] of lost) if (n > 0) notes.add(key, `${key}: ${n} of ${perRun * ctx.opts.runs} signals never reached the child (waited ${LOST_MS} ms each).`);
  /** @type {import('../lib/result.js').Result} */
  const result = {
    id: 'forwarding',
    title: 'Signal forwarding latency: kill(init) → child handler',
    method:
      `${perRun} × ${ctx.opts.runs} = ${perRun * ctx.opts.runs} ${SIGNAL} per init and mode, ${GAP_MS} ms apart, ` +
      `starting ${SETTLE_MS} ms after the child (a C program stamping CLOCK_MONOTONIC in its handler) ` +
      'is ready. The bench stamps the clock right before process.kill(init). "PID 1": the init is PID 1 ' +
      'of a new pid namespace (unshare); "plain": a child of the bench. p50 and p99 are over all signals.',
    metrics: [
      { key: 'pid1', label: 'PID 1', unit: 'µs', show: 'p99' },
      { key: 'plain', label: 'plain', unit: 'µs', show: 'p99' },
    ],
    rows: ctx.inits.map((init) => ({ id: init.id, label: init.label, values: { pid1: summarize(samples.get(init.id, 'pid1')), plain: summarize(samples.get(init.id, 'plain')) } })),
    charts: [
      {
        title: 'Forwarding latency, p50 (init as PID 1 / plain)',
        unit: 'µs',
        stat: 'median',
        series: MODES.map((m) => ({ name: m.label, metric: m.key })),
        rows: ctx.inits.map((i) => i.id),
        /** @type {import('../lib/result.js').Limit[]} */
        limits: [],
      },
      {
        title: 'Forwarding latency, p99 (init as PID 1 / plain)',
        unit: 'µs',
        stat: 'p99',
        series: MODES.map((m) => ({ name: m.label, metric: m.key })),
        rows: ctx.inits.map((i) => i.id),
        limits: [{ value: 1000, label: 'p99 ≤ 1 ms' }],
      },
    ],
    notes: notes.list(),
    seconds: (Date.now() - started) / 1000,
  };
  const dumb = ctx.inits.find((i) => i.kind === 'dumb-init');
  const ref = dumb ? valueOf(result, dumb.id, 'pid1') : null;
  if (ref) result.charts[0]?.limits?.push({ value: ref.median * 3, label: '3 × dumb-init (PID 1)' });
  return result;
}
