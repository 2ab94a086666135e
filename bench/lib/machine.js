// A description of where and when a run happened, for the head of RESULTS.md: numbers from
// a 2-core shared VM and from a laptop are not comparable, and the reader must know which.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** @param {string} cmd @param {string[]} args @returns {string} first line of its output */
function firstLine(cmd, args) {
  // dumb-init prints its version on stderr, tini on stdout.
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || '?';
}

/** @returns {string} e.g. "Debian GNU/Linux 12 (bookworm)" */
function distro() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '?';
  } catch {
    return '?';
  }
}

/** @returns {number[]} the aggregate "cpu" line of /proc/stat: jiffies per state */
function cpuJiffies() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  return line.trim().split(/\s+/).slice(1).map(Number);
}

/**
 * The share of CPU time the whole machine left idle over `ms`. A low share before a run means
 * something else was running, and the tails (p99, max) will show it. More telling than the
 * load average, which the reaping scenario itself lifts by 10,000 runnable processes.
 * @param {number} ms
 * @returns {Promise<number>} percent idle, 0-100
 */
export async function sampleIdle(ms) {
  const a = cpuJiffies();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = cpuJiffies();
  const d = b.map((v, i) => v - (a[i] ?? 0));
  const total = d.reduce((x, y) => x + y, 0);
  // Fields 4 and 5 of the cpu line (indexes 3, 4) are idle and iowait.
  const idle = (d[3] ?? 0) + (d[4] ?? 0);
  return total > 0 ? Math.round((100 * idle) / total) : 0;
}

/**
 * @returns {Record<string, string>} label → value, in display order
 */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: `${cpus[0]?.model.trim() ?? '?'} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()} (${os.arch()})`,
    os: distro(),
    'dumb-init': firstLine('dumb-init', ['--version']),
    tini: firstLine('tini', ['--version']),
  };
}
