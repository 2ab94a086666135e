// A reproducible tar.gz of a directory under a chosen path (graceful-init/ for the tarball,
// opt/graceful-init/ for the image layer), with the digests an OCI layer needs.
import { spawn } from 'node:child_process'
import { createHash, type Hash } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { run } from './run.js'

/** What an OCI layer descriptor and config need of the tarball. */
export interface LayerDigests {
  /** sha256 of the uncompressed tar (the OCI diff_id). */
  diffId: string
  /** sha256 of the gzip. */
  digest: string
  /** Size of the gzip in bytes. */
  size: number
}

/** Same bytes for the same inputs: fixed owner, order and mtime (SOURCE_DATE_EPOCH or 0). */
function tarFlags(): string[] {
  const mtime = process.env.SOURCE_DATE_EPOCH ?? '0'
  return ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${mtime}`, '--format=posix',
    '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime']
}

function hashing(hash: Hash): Transform {
  return new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk) } })
}

/**
 * Writes `out` holding `dir`'s content at `prefix` (e.g. "opt/graceful-init", every parent
 * included). Returns the sha256 of the tar (an OCI diff_id) and of the gzip, and the gzip size.
 */
export async function tarGzip(dir: string, prefix: string, out: string): Promise<LayerDigests> {
  const stage = `${out}.stage`
  rmSync(stage, { recursive: true, force: true })
  mkdirSync(dirname(join(stage, prefix)), { recursive: true })
  // Hard links: the directory appears at `prefix` without copying 110 MB.
  run(['cp', '-al', dir, join(stage, prefix)])
  const top = prefix.split('/')[0] ?? prefix
  const tar = spawn('tar', [...tarFlags(), '-C', stage, '-cf', '-', top], { stdio: ['ignore', 'pipe', 'inherit'] })
  // gzip(1) -6: 0.6% larger than -9 in a third of the time; Node's zlib made 2.4% more.
  const gzip = spawn('gzip', ['-6', '-n', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const closed = [tar, gzip].map(p => new Promise<number | null>(resolve => p.once('close', resolve)))
  const tarHash = createHash('sha256')
  const gzHash = createHash('sha256')
  await Promise.all([
    pipeline(tar.stdout, hashing(tarHash), gzip.stdin),
    pipeline(gzip.stdout, hashing(gzHash), createWriteStream(out)),
  ])
  const codes = await Promise.all(closed)
  rmSync(stage, { recursive: true, force: true })
  if (codes.some(c => c !== 0)) throw new Error(`tar | gzip of ${dir} exited ${codes.join(', ')}`)
  return { diffId: `sha256:${tarHash.digest('hex')}`, digest: `sha256:${gzHash.digest('hex')}`, size: statSync(out).size }
}
