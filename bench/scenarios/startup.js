// Start-up: from the exec of the init to the exec of its child, against the floor of
// `node -e 0`. Every command is started by the C `launch` fixture, which stamps
// CLOCK_MONOTONIC right before posix_spawnp; the child is the `stamp` fixture, which stamps
// the same clock first thing in main(). Running `stamp` directly measures the harness's own
// spawn cost, which is subtracted from every other row.
import { fileURLToPath } from 'node:url';
import { Child } from '../lib/child.js';
import { alternate } from '../lib/alternate.js';
import { progress } from '../lib/context.js';
import { Notes } from '../lib/notes.js';
import { Samples, valueOf } from '../lib/result.js';
import { shift, summarize } from '../lib/stats.js';
import { argvUnder, nodeLabel } from '../lib/subjects.js';

// Stamps at the first line of the main script without touching process.stdout, whose lazy
// creation would itself cost milliseconds.
const NODE_STAMP = "const t=process.hrtime.bigint();require('fs').writeSync(1,'stamp '+t+'\\n')";

// The floor of any init that loads koffi's addon when its JavaScript starts: load it, bind
// posix_spawnp, spawn the stamp with stdout, wait, _exit. Nothing else: no options, no signals,
// no fd table. The portable build can go under it: its addon loads while Node boots.
const KOFFI_ADDON = fileURLToPath(new URL(`../../node_modules/koffi/build/koffi/linux_${process.arch}/koffi.node`, import.meta.url));
const KOFFI_FLOOR = (/** @type {string} */ child) =>
  `const lib=require(${JSON.stringify(KOFFI_ADDON)}).load('libc.so.6');` +
  "const spawnp=lib.func('int posix_spawnp(_Out_ int *pid, const char *file, void *fa, void *attr, const char **argv, const char **envp)');" +
  // Node marks every descriptor close-on-exec as it starts, stdout too: F_SETFD 0 hands it on.
  "lib.func('int fcntl(int, int, int)')(1,2,0);" +
  `const pid=[0];spawnp(pid,${JSON.stringify(child)},null,null,[${JSON.stringify(child)},null],[null]);` +
  "lib.func('int waitpid(int, _Out_ int *, int)')(pid[0],[0],0);lib.func('void _exit(int)')(0)";

/**
 * @typedef {{ id: string, label: string, argv: string[], hasChild: boolean }} Command
 */

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Command[]}
 */
function commands(ctx) {
  const { stamp } = ctx.fixtures;
  /** @type {Command[]} */
  const list = [{ id: 'direct', label: 'stamp fixture run directly (subtracted)', argv: [stamp], hasChild: true }];
  for (const init of ctx.inits) list.push({ id: init.id, label: init.label, argv: argvUnder(init, [stamp]), hasChild: true });
  for (const node of ctx.nodes) {
    const n = ctx.nodes.length;
    list.push({ id: `node-e0@${node.version}`, label: nodeLabel(node, n, '`node -e 0`'), argv: [node.path, '-e', '0'], hasChild: false });
    list.push({ id: `node-main@${node.version}`, label: nodeLabel(node, n, 'node: to main script'), argv: [node.path, '-e', NODE_STAMP], hasChild: true });
    list.push({ id: `koffi-floor@${node.version}`, label: nodeLabel(node, n, 'floor: koffi + posix_spawnp in `node -e`'), argv: [node.path, '-e', KOFFI_FLOOR(stamp)], hasChild: true });
  }
  return list;
}

/**
 * One launch: ns from spawn to the child's stamp (if any) and to the command's exit.
 * @param {string} launch
 * @param {string[]} argv
 * @returns {Promise<{ toChild: number | null, whole: number, proc: Child }>}
 */
async function launchOnce(launch, argv) {
  const c = new Child(launch, argv);
  const end = await c.end(15000);
  if (end.killed) throw new Error(`${argv.join(' ')}: still running after 15 s`);
  const field = (/** @type {string} */ word, i = 1) => {
    const line = c.lines.find((l) => l.startsWith(`${word} `));
    return line === undefined ? null : BigInt(/** @type {string} */ (line.split(' ')[i]));
  };
  const t0 = field('spawn');
  const stamp = field('stamp');
  const exit = field('exit');
  const status = field('exit', 2);
  if (t0 === null || exit === null) throw new Error(`${argv.join(' ')}: launch printed no times\n  ${c.stderr.trim()}`);
  if (status !== 0n) throw new Error(`${argv.join(' ')}: exited with wait status ${status}\n  ${c.stderr.trim()}`);
  return { toChild: stamp === null ? null : Number(stamp - t0), whole: Number(exit - t0), proc: c };
}

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Promise<import('../lib/result.js').Result>}
 */
export async function runStartup(ctx) {
  const started = Date.now();
  const list = commands(ctx);
  const samples = new Samples();
  const notes = new Notes();
  for (const step of alternate(ctx.opts.runs, list)) {
    const cmd = step.subject;
    const t = await launchOnce(ctx.fixtures.launch, cmd.argv);
    notes.stderr(cmd.label, t.proc);
    if (t.toChild !== null) samples.add(cmd.id, 'toChild', t.toChild / 1e6);
    samples.add(cmd.id, 'whole', t.whole / 1e6);
    progress(ctx, 'startup', step, `${cmd.label}: ${((t.toChild ?? t.whole) / 1e6).toFixed(2)} ms`);
  }
  // The direct run's spawn-to-main is what launching costs by itself: take its median off.
  const base = summarize(samples.get('direct', 'toChild'))?.median ?? 0;
  const rows = list.map((cmd) => ({
    id: cmd.id,
    label: cmd.label,
    values: {
      toChild: cmd.id === 'direct' ? summarize(samples.get(cmd.id, 'toChild')) : shift(summarize(samples.get(cmd.id, 'toChild')), base),
      whole: cmd.id === 'direct' ? summarize(samples.get(cmd.id, 'whole')) : shift(summarize(samples.get(cmd.id, 'whole')), base),
    },
  }));
  const chartRows = list.filter((c) => c.id !== 'direct' && !c.id.startsWith('node-main')).map((c) => c.id);
  /** @type {import('../lib/result.js').Result} */
  const result = {
    id: 'startup',
    title: 'Start-up: exec of the init → exec of the child',
    method:
      'A C launcher stamps CLOCK_MONOTONIC just before posix_spawnp(init); the child, a static C ' +
      'program, stamps the same clock first thing in main(). "to child exec" is the difference; ' +
      '"whole run" ends when the launcher reaps the init (the child exits at once). For node, ' +
      '"whole run" of `node -e 0` is its full start and exit, and "to main script" stamps at the ' +
      'first line of a `-e` script; "floor" is a `-e` script that only loads koffi\'s addon and ' +
      'posix_spawnp()s the child, the least a koffi-based init does first when its JavaScript loads the addon (the portable build loads it on a second thread while Node boots). The median spawn cost of running the stamp directly ' +
      `(${base.toFixed(3)} ms) is subtracted from every other row.`,
    metrics: [
      { key: 'toChild', label: 'to child exec (node: to main script)', unit: 'ms' },
      { key: 'whole', label: 'whole run (to exit)', unit: 'ms' },
    ],
    rows,
    charts: [
      {
        title: 'Start-up: init exec → child exec (node: whole `node -e 0`)',
        unit: 'ms',
        series: [
          { name: 'to child exec', metric: 'toChild' },
          { name: '`node -e 0`, whole run', metric: 'whole', rows: list.filter((c) => c.id.startsWith('node-e0')).map((c) => c.id) },
        ],
        rows: chartRows,
        /** @type {import('../lib/result.js').Limit[]} */
        limits: [],
      },
    ],
    notes: notes.list(),
    seconds: (Date.now() - started) / 1000,
  };
  for (const node of ctx.nodes) {
    const ref = valueOf(result, `node-e0@${node.version}`, 'whole');
    const v = ctx.nodes.length > 1 ? ` (${node.version})` : '';
    if (ref) result.charts[0]?.limits?.push({ value: ref.median * 1.1, label: `1.10 × node -e 0${v}` });
  }
  return result;
}
