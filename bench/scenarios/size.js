// Size: what each form of the init puts on disk and sends over the network. The npm form is the
// package and its production dependencies (Node itself is the image's); the portable build
// carries Node and its C library; dumb-init and tini are one static file each.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from '../lib/stats.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MB = 1024 * 1024;

/** Bytes of the files under `paths` (apparent sizes, hard links counted once). */
function du(...paths) {
  return Number(execFileSync('du', ['-scb', ...paths], { encoding: 'utf8' }).trim().split('\n').pop()?.split('\t')[0]);
}

/** The npm form as `npm install graceful-init` leaves it: the package and its production tree. */
function npmInstallBytes() {
  const tree = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n').filter((p) => p.includes('node_modules'));
  return du(join(ROOT, 'bin'), join(ROOT, 'dist/graceful-init.cjs'), join(ROOT, 'package.json'), ...tree);
}

/** Bytes after gzip -6, as a registry would send a layer holding `file` (for one-file inits). */
function gzipBytes(file) {
  return execFileSync('gzip', ['-6', '-n', '-c', file], { maxBuffer: 1 << 30 }).length;
}

/**
 * @param {import('../lib/context.js').Context} ctx
 * @returns {Promise<import('../lib/result.js').Result>}
 */
export async function runSize(ctx) {
  const started = Date.now();
  /** @type {{ id: string, label: string, disk: number | null, gz: number | null }[]} */
  const rows = [{ id: 'npm', label: 'npm install graceful-init (without Node)', disk: npmInstallBytes(), gz: null }];
  const portable = ctx.inits.find((i) => i.portable);
  if (portable) {
    const dir = dirname(dirname(/** @type {string} */ (portable.command[0])));
    const arch = dir.endsWith('arm64') ? 'arm64' : 'x64';
    const version = readFileSync(join(dir, 'VERSION'), 'utf8').trim();
    const tarball = join(dirname(dir), `graceful-init-${version}-linux-${arch}.tar.gz`);
    if (!existsSync(tarball)) throw new Error(`${tarball} is missing: run npm run dist`);
    rows.push({ id: 'portable', label: 'graceful-init portable: directory / tar.gz', disk: du(dir), gz: statSync(tarball).size });
    // The tarball is the OCI layer, byte for byte (src/portable/build/build.ts).
    rows.push({ id: 'portable-layer', label: 'graceful-init portable: OCI gzip layer', disk: null, gz: statSync(tarball).size });
    rows.push({ id: 'portable-node', label: '… of which lib/node (stripped)', disk: du(join(dir, 'lib/node')), gz: null });
  }
  for (const name of ['dumb-init', 'tini']) {
    const file = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    rows.push({ id: name, label: name, disk: du(file), gz: gzipBytes(file) });
  }
  const one = (/** @type {number | null} */ v) => summarize(v === null ? [] : [v / MB]);
  return {
    id: 'size',
    title: 'Size: on disk and gzip-compressed',
    method:
      'Apparent size (du -b) of what each form installs: the npm package with its production ' +
      'dependencies (Node is the image\'s), the portable directory (Node, glibc, GCC runtime, koffi, ' +
      'the bundle), the static dumb-init and tini. "gzip" is the portable tarball, which is also ' +
      'its OCI layer, byte for byte; for dumb-init and tini, the file after gzip -6.',
    metrics: [
      { key: 'disk', label: 'on disk', unit: 'MB' },
      { key: 'bytes', label: 'gzip', unit: 'MB' },
    ],
    rows: rows.map((r) => ({ id: r.id, label: r.label, values: { disk: one(r.disk), bytes: one(r.gz) } })),
    charts: [
      {
        title: 'Size on disk and gzip-compressed',
        unit: 'MB',
        series: [
          { name: 'on disk', metric: 'disk' },
          { name: 'gzip', metric: 'bytes' },
        ],
        rows: rows.filter((r) => r.id !== 'portable-layer').map((r) => r.id),
        limits: portable ? [{ value: 45, label: 'portable gzip layer ≤ 45 MB' }] : [],
      },
    ],
    notes: [],
    seconds: (Date.now() - started) / 1000,
  };
}
