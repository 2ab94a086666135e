#!/usr/bin/env node
/**
 * `npm run demo`: stop the same server under load in several setups side by
 * side — alone, and under graceful-init with various flags — and show which
 * requests each one loses: a table on the terminal and an HTML timeline.
 *
 * Run `node examples/demo/run.js --help` for the options.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { now } from './clock.js';
import { formatSeconds } from './duration.js';
import { resolveInit, translateFlags } from './init-binary.js';
import { USAGE, parseOptions } from './options.js';
import { pidNamespaceAvailable } from './pid-namespace.js';
import { createProgress } from './progress.js';
import { reportHtml } from './report-html.js';
import { runSetup } from './run-setup.js';
import { shellJoin } from './shell-words.js';
import { SERVERS } from './servers.js';
import { planSetups } from './setups.js';
import { killAllTargets } from './spawn-target.js';
import { formatTable } from './table.js';

async function main() {
  const argv = process.argv.slice(2);
  let options;
  let init;
  try {
    options = parseOptions(argv);
    if (options.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    init = resolveInit(options.init);
  } catch (err) {
    process.stderr.write(`demo: ${/** @type {Error} */ (err).message}\n`);
    return 2;
  }
  // With --json, stdout carries only the JSON so a test can parse it.
  const human = options.json ? process.stderr : process.stdout;
  const server = SERVERS[options.server];
  const pidNamespace = options.pidNamespace && pidNamespaceAvailable();

  /** @type {{ id: string, reason: string }[]} */
  const skipped = [];
  const planned = planSetups({ server: options.server, initFlags: options.initFlags }).flatMap((setup) => {
    if (setup.kind === 'alone') {
      return [{ setup, flags: [], title: `${options.server} alone (${pidNamespace ? 'PID 1' : 'plain process'})` }];
    }
    const { flags, unsupported } = translateFlags(init, setup.initFlags);
    if (unsupported.length > 0) {
      skipped.push({ id: setup.id, reason: `${init.name} has no ${unsupported.join(' ')}` });
      return [];
    }
    const title = flags.length ? `${init.name} ${shellJoin(flags)}` : `${init.name} (forwards TERM)`;
    return [{ setup, flags, title }];
  });

  // The environment must not change the init's behaviour behind the flags
  // shown in each title (graceful-init reads GRACEFUL_INIT_*, DUMB_INIT_*, TINI_*).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GRACEFUL_INIT|DUMB_INIT|TINI)_/.test(k)));
  const ctx = { init, serverName: options.server, serverScript: server.script, pidNamespace, options, env };

  if (init.note) human.write(`note: ${init.note}\n`);
  for (const s of skipped) human.write(`note: skipping setup "${s.id}": ${s.reason}\n`);
  human.write(`Stopping ${options.server} under load (${options.rate} req/s; SIGTERM at ${formatSeconds(options.warmupMs)}; `
    + `the load balancer keeps sending ${formatSeconds(options.afterMs)} after it) in ${planned.length} setups`
    + `${options.sequential ? ', one after another' : ' side by side'}, `
    + `${pidNamespace ? 'each as PID 1 of its own PID namespace' : 'as plain processes (no PID namespace here)'}.\n`);

  const progress = createProgress(planned.map((p) => p.setup.id), process.stderr);
  const startedAt = new Date();
  const t0 = now();
  // Side by side by default: the stop sequences are mostly waiting, so four
  // at once on two cores still give honest timings and the demo stays short.
  // The load starts in all of them at once, when every one is ready.
  const ready = options.sequential ? async () => {} : gate(planned.length);
  const runOne = async (/** @type {typeof planned[number]} */ p) => ({
    title: p.title,
    ...(await runSetup(p.setup, p.flags, ctx, (phase, stats) => progress.update(p.setup.id, phase, stats), ready)),
  });
  const setups = [];
  if (options.sequential) for (const p of planned) setups.push(await runOne(p));
  else setups.push(...(await Promise.all(planned.map(runOne))));
  progress.finish();

  const out = options.out ? resolve(options.out) : null;
  const run = {
    demo: 'graceful-init stop demo',
    version: 1,
    argv,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(now() - t0),
    server: { name: options.server, about: server.about, graceful: server.graceful },
    init: { kind: init.kind, name: init.name, argv: init.argv, note: init.note },
    pidNamespace,
    options: {
      afterMs: options.afterMs, warmupMs: options.warmupMs, rate: options.rate,
      maxRequests: options.maxRequests, killAfterMs: options.killAfterMs, initFlags: options.initFlags,
    },
    skipped,
    report: out,
    setups,
  };

  human.write(`\n${formatTable(setups)}\n`);
  if (out) {
    writeFileSync(out, reportHtml(run));
    human.write(`\nReport: ${out}\n`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  return setups.some((s) => s.error) ? 1 : 0;
}

/**
 * A gate that opens when `count` callers have arrived.
 * @param {number} count
 * @returns {() => Promise<void>}
 */
function gate(count) {
  let arrived = 0;
  /** @type {() => void} */
  let open = () => {};
  const opened = new Promise((resolve) => { open = () => resolve(undefined); });
  return () => {
    if (++arrived >= count) open();
    return opened;
  };
}

// Never leave servers or inits behind, whatever ends the demo.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    killAllTargets();
    process.exit(130);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    killAllTargets();
    process.stderr.write(`demo: ${err.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
