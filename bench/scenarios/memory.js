// Memory: resident memory of each init, idle, as the real PID 1 of a namespace with `sleep`
// as its child, against an idle bare `node` process (the floor a Node init starts from).
import { Child, sleep } from '../lib/child.js';
import { alternate } from '../lib/alternate.js';
import { progress } from '../lib/context.js';
import { startInit, stopInit } from '../lib/pid1.js';
import { childrenOf, commOf, memoryKb } from '../lib/proc.js';
import { Notes } from '../lib/notes.js';
import { Samples, valueOf } from '../lib/result.js';
import { summarize } from '../lib/stats.js';
import { argvUnder, nodeLabel } from '../lib/subjects.js';

// An idle node: one far timer keeps it alive; it says when its main script ran.
const IDLE_NODE = "setInterval(() => {}, 1 << 30); require('fs').writeSync(1, 'ready\\n')";

/**
 * @typedef {{ pid: number, stderr: () => string, stop: () => Promise<unknown> }} Running
 * @typedef {{ id: string, label: string, start: () => Promise<Running> }} Subject
 */

/**
 * Starts `argv` as PID 1 and resolves once its child `sleep` has been exec'd.
 * @param {string[]} argv
 */
async function startIdleInit(argv) {
  const started = await startInit(argv, { pid1: true });
  const { proc, initPid } = started;
  const stop = () => stopInit(started, 'SIGTERM', 5000);
  for (let waited = 0; waited < 15000; waited += 5) {
    if (childrenOf(initPid).some((c) => commOf(c.pid) === 'sleep')) return { pid: initPid, stop, stderr: () => proc.stderr };
    if (proc.exitStatus) break;
    await sleep(5);
  }
  await stop();
  throw new Error(`${argv.join(' ')}: its child sleep did not appear\n  ${proc.stderr.trim()}`);
}

/** @param {string} nodePath */
async function startIdleNode(nodePath) {
  const c = new Child(nodePath, ['-e', IDLE_NODE]);
  await c.waitLine('ready', 15000);
  return { pid: c.pid, stop: () => (c.signal('SIGKILL'), c.end(5000)), stderr: () => c.stderr };
}

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Promise<import('../lib/result.js').Result>}
 */
export async function runMemory(ctx) {
  const started = Date.now();
  const settleMs = ctx.opts.quick ? 300 : 1500;
  /** @type {Subject[]} */
  const subjects = ctx.inits.map((init) => ({ id: init.id, label: init.label, start: () => startIdleInit(argvUnder(init, ['sleep', '3600'])) }));
  for (const node of ctx.nodes) {
    subjects.push({ id: `node-idle@${node.version}`, label: nodeLabel(node, ctx.nodes.length, 'idle `node`'), start: () => startIdleNode(node.path) });
  }
  const samples = new Samples();
  const notes = new Notes();
  for (const step of alternate(ctx.opts.runs, subjects)) {
    const s = step.subject;
    const running = await s.start();
    try {
      // Idle means after start-up: let a Node process finish its lazy work and first GCs.
      await sleep(settleMs);
      const mem = memoryKb(running.pid);
      if (!mem) throw new Error(`${s.label}: exited while idle`);
      samples.add(s.id, 'rss', mem.rssKb / 1024);
      samples.add(s.id, 'anon', mem.anonKb / 1024);
      progress(ctx, 'memory', step, `${s.label}: RSS ${(mem.rssKb / 1024).toFixed(1)} MB, anon ${(mem.anonKb / 1024).toFixed(1)} MB`);
    } finally {
      await running.stop();
      notes.stderr(s.label, { stderr: running.stderr() });
    }
  }
  /** @type {import('../lib/result.js').Result} */
  const result = {
    id: 'memory',
    title: 'Memory: idle RSS with `sleep` as the child (init as PID 1)',
    method:
      `Each init runs as PID 1 of a new pid namespace (unshare) with \`sleep 3600\` as its child; ` +
      `${settleMs} ms after the sleep is exec'd, VmRSS and RssAnon are read from /proc/PID/status ` +
      'of the init. The idle node is `node -e` with one far timer, read the same way.',
    metrics: [
      { key: 'rss', label: 'RSS', unit: 'MB' },
      { key: 'anon', label: 'anonymous RSS', unit: 'MB' },
    ],
    rows: subjects.map((s) => ({ id: s.id, label: s.label, values: { rss: summarize(samples.get(s.id, 'rss')), anon: summarize(samples.get(s.id, 'anon')) } })),
    charts: [
      {
        title: 'Idle memory of the init',
        unit: 'MB',
        series: [
          { name: 'RSS', metric: 'rss' },
          { name: 'anonymous RSS', metric: 'anon' },
        ],
        rows: subjects.map((s) => s.id),
        limits: [{ value: 10, label: 'anon ≤ 10 MB' }],
      },
    ],
    notes: notes.list(),
    seconds: (Date.now() - started) / 1000,
  };
  for (const node of ctx.nodes) {
    const ref = valueOf(result, `node-idle@${node.version}`, 'rss');
    const v = ctx.nodes.length > 1 ? ` (${node.version})` : '';
    if (ref) result.charts[0]?.limits?.push({ value: ref.median * 1.1, label: `RSS ≤ 1.10 × idle node${v}` });
  }
  return result;
}
