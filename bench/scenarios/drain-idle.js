// --drain-until-idle (issue 11). Stop time: a slow app (1 s per answer) under graceful-init as
// PID 1 gets SIGTERM while a load on 127.0.0.1 goes on for a lag the init is not told (1, 3, 6 s):
// `--drain 60s --drain-until-idle 1s` against the fixed `--drain 60s`; requests lost in each.
// Cost: signal forwarding latency and the init's CPU during a drain, with and without the idle
// watch (it runs only during the drain), and the init's idle CPU before the stop signal.
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '../lib/child.js';
import { progress } from '../lib/context.js';
import { startInit, stopInit } from '../lib/pid1.js';
import { Notes } from '../lib/notes.js';
import { cpuNs } from '../lib/proc.js';
import { Samples } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { argvUnder } from '../lib/subjects.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'http-app.cjs');
const UPSTREAM_MS = 1000;
const INTERVAL_MS = 50;
const LAGS_MS = [1000, 3000, 6000];
const IDLE = ['--drain', '60s', '--drain-until-idle', '1s'];
const FIXED = ['--drain', '60s'];
/** For the cost runs: the child has no connections, so the watch goes on for its 30 s and reads every 250 ms. */
const WATCH = ['--drain', '60s', '--drain-until-idle', '30s'];
/** Signals per cost run, 3 ms apart; CPU windows of 2 s. */
const SIGNALS = 300;
const WINDOW_MS = 2000;

/** GET on a fresh connection; resolves true when it got 200. */
function get(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 15000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** One stop under load: returns the stop time (TERM → init exit) and the requests lost. */
async function stopOnce(init, flags, lagMs, node) {
  const started = await startInit(argvUnder(init, [node, APP, String(UPSTREAM_MS)], flags), { pid1: true });
  const { proc, initPid } = started;
  try {
    const [, port] = await proc.waitLine('ready', 15000);
    const pending = [];
    let stopAt = Infinity;
    const loading = (async () => {
      while (Date.now() < stopAt && pending.length < 400) {
        pending.push(get(Number(port)));
        await sleep(INTERVAL_MS);
      }
    })();
    await sleep(UPSTREAM_MS + 200); // steady state: ~20 requests in flight
    const t0 = Date.now();
    process.kill(initPid, 'SIGTERM');
    stopAt = t0 + lagMs;
    await loading;
    const status = await proc.exitWithin(90000);
    const stopMs = Date.now() - t0;
    const ok = await Promise.all(pending);
    return { stopMs, lost: ok.filter((x) => !x).length, sent: ok.length, code: status?.code ?? null };
  } finally {
    await stopInit(started, 'SIGKILL', 5000);
  }
}

/** Forwarding latency (µs) and the init's CPU (ms per s) idle and during a drain, with `flags`. */
export async function costOnce(init, flags, sigrecv) {
  const started = await startInit(argvUnder(init, [sigrecv], flags), { pid1: true });
  const { proc, initPid } = started;
  try {
    await proc.waitLine('ready', 15000);
    await sleep(500);
    const idle0 = cpuNs(initPid) ?? NaN;
    await sleep(WINDOW_MS);
    const idleCpu = ((cpuNs(initPid) ?? NaN) - idle0) / 1e6 / (WINDOW_MS / 1000);
    process.kill(initPid, 'SIGTERM'); // the drain starts: nothing ends it within the measurement
    await sleep(300);
    const drain0 = cpuNs(initPid) ?? NaN;
    await sleep(WINDOW_MS);
    const drainCpu = ((cpuNs(initPid) ?? NaN) - drain0) / 1e6 / (WINDOW_MS / 1000);
    const latencies = [];
    for (let i = 0; i < SIGNALS; i++) {
      const t0 = process.hrtime.bigint();
      process.kill(initPid, 'SIGUSR2');
      const [, , t] = await proc.waitLine('sig', 1000);
      latencies.push(Number(BigInt(t) - t0) / 1000);
      await sleep(3);
    }
    return { idleCpu, drainCpu, latencies };
  } finally {
    await stopInit(started, 'SIGKILL', 5000);
  }
}

export async function runDrainIdle(ctx) {
  const started = Date.now();
  const samples = new Samples();
  const notes = new Notes();
  const gis = ctx.inits.filter((i) => i.kind === 'graceful-init');
  const runs = Math.min(ctx.opts.runs, ctx.opts.quick ? 1 : 3);
  const total = gis.length * (runs * (LAGS_MS.length + 2) + 1);
  let index = 0;
  const step = () => ({ index: index++, total });
  for (const init of gis) {
    const node = init.node?.path ?? process.execPath;
    for (let run = 0; run < runs; run++) {
      for (const lagMs of LAGS_MS) {
        const r = await stopOnce(init, IDLE, lagMs, node);
        samples.add(init.id, `idle${lagMs}`, r.stopMs);
        samples.add(init.id, 'lostIdle', r.lost);
        if (r.lost > 0 || r.code !== 0) notes.add(`${init.id} idle ${lagMs} ${run}`, `${init.label} --drain-until-idle 1s, lag ${lagMs} ms: ${r.lost} of ${r.sent} requests lost, exit ${r.code}.`);
        progress(ctx, 'drain-idle', step(), `${init.label} idle 1s, lag ${lagMs / 1000} s: stop ${(r.stopMs / 1000).toFixed(2)} s, ${r.lost}/${r.sent} lost`);
      }
      // Alternated, and in turn first: the run before a cost run leaves its own noise behind.
      const pair = [['costIdle', WATCH], ['costFixed', FIXED]];
      for (const [key, flags] of run % 2 === 0 ? pair : pair.reverse()) {
        const c = await costOnce(init, flags, ctx.fixtures.sigrecv);
        for (const v of c.latencies) samples.add(init.id, `${key}Fwd`, v);
        samples.add(init.id, `${key}IdleCpu`, c.idleCpu);
        samples.add(init.id, `${key}DrainCpu`, c.drainCpu);
        progress(ctx, 'drain-idle', step(), `${init.label} ${flags.join(' ')}: forwarding in the drain p50 ${summarize(c.latencies)?.median.toFixed(0)} µs, CPU idle ${c.idleCpu.toFixed(2)} / draining ${c.drainCpu.toFixed(2)} ms/s`);
      }
    }
    // The fixed drain takes its 60 s whatever the lag: one run shows it.
    const r = await stopOnce(init, FIXED, LAGS_MS[0], node);
    samples.add(init.id, 'fixed', r.stopMs);
    samples.add(init.id, 'lostFixed', r.lost);
    progress(ctx, 'drain-idle', step(), `${init.label} fixed --drain 60s, lag 1 s: stop ${(r.stopMs / 1000).toFixed(2)} s, ${r.lost}/${r.sent} lost`);
  }
  const metric = (key, label, unit, show) => ({ key, label, unit, ...(show ? { show } : {}) });
  const rows = (keys) => gis.map((init) => ({ id: init.id, label: init.label, values: Object.fromEntries(keys.map((k) => [k, summarize(samples.get(init.id, k))])) }));
  const stopKeys = [...LAGS_MS.map((l) => `idle${l}`), 'fixed', 'lostIdle', 'lostFixed'];
  const costKeys = ['costFixedFwd', 'costIdleFwd', 'costFixedIdleCpu', 'costIdleIdleCpu', 'costFixedDrainCpu', 'costIdleDrainCpu'];
  return {
    id: 'drain-idle',
    title: 'Drain until idle: stop time against a fixed --drain 60s, and what the watch costs',
    method:
      `A Node app answering every request after ${UPSTREAM_MS} ms runs under graceful-init as PID 1; a new request every ${INTERVAL_MS} ms on 127.0.0.1; ` +
      `SIGTERM once ~20 are in flight; the load goes on for the lag after it. Stop = SIGTERM → the init's exit. "idle": ${IDLE.join(' ')} (${runs} run(s) per lag); ` +
      `"fixed": ${FIXED.join(' ')} (one run: it waits 60 s whatever the lag). Cost: the C sigrecv child; ${SIGNALS} SIGUSR2 3 ms apart during a drain, ` +
      `with ${FIXED.join(' ')} (no watch) and ${WATCH.join(' ')} (the watch reads the kernel's TCP table every 250 ms); the init's CPU (all threads, schedstat) over ${WINDOW_MS / 1000} s before the SIGTERM and ${WINDOW_MS / 1000} s into the drain, in ms per s.`,
    metrics: [
      ...LAGS_MS.map((l) => metric(`idle${l}`, `idle, lag ${l / 1000} s`, 'ms')),
      metric('fixed', 'fixed 60 s', 'ms'),
      metric('lostIdle', 'lost (idle)', 'req', 'max'),
      metric('lostFixed', 'lost (fixed)', 'req', 'max'),
      metric('costFixedFwd', 'fwd in drain, no watch', 'µs', 'p99'),
      metric('costIdleFwd', 'fwd in drain, watch', 'µs', 'p99'),
      metric('costFixedIdleCpu', 'CPU before stop, no watch', 'ms/s'),
      metric('costIdleIdleCpu', 'CPU before stop, watch set', 'ms/s'),
      metric('costFixedDrainCpu', 'CPU in drain, no watch', 'ms/s'),
      metric('costIdleDrainCpu', 'CPU in drain, watch', 'ms/s'),
    ],
    rows: rows([...stopKeys, ...costKeys]),
    charts: [
      {
        title: 'Stop time under load: --drain-until-idle 1s by lag, and the fixed --drain 60s',
        unit: 'ms',
        series: [...LAGS_MS.map((l) => ({ name: `idle, lag ${l / 1000} s`, metric: `idle${l}` })), { name: 'fixed 60 s', metric: 'fixed' }],
        rows: gis.map((i) => i.id),
        limits: LAGS_MS.map((l) => ({ value: l + 1000 + UPSTREAM_MS + 1000, label: `lag ${l / 1000} s + 1 s + slowest + 1 s` })),
      },
    ],
    notes: notes.list(),
    seconds: (Date.now() - started) / 1000,
  };
}
