// Roots of the images the portable build is for, from this host's Debian packages (no registry,
// no debootstrap), with the portable dir hard-linked at /opt/graceful-init (no 110 MB copy):
//   busybox  busybox-static only: no C library, no Node (a `FROM busybox` / distroless shape)
//   musl     the same plus Debian's musl as /lib/ld-musl-x86_64.so.1 (alpine's shape)
//   debian   Debian 12's glibc, libstdc++, dash and a few coreutils, without Node
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export type RootKind = 'busybox' | 'musl' | 'debian'
export const ROOT_KINDS: readonly RootKind[] = ['busybox', 'musl', 'debian']

/** Where the portable build lives in every root, as in the README's recipes. */
export const PORTABLE_PATH = '/opt/graceful-init'

const BUSYBOX = '/bin/busybox'
const MUSL_LIBC = '/usr/lib/x86_64-linux-musl/libc.so'

/** Makes a root of `kind` holding `portableDir` at /opt/graceful-init (none: a base image). */
export function makeRootfs(kind: RootKind, portableDir: string | undefined): { kind: RootKind; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `gi-root-${kind}-`))
  for (const d of ['proc', 'dev', 'tmp', 'etc', 'opt', 'sys', 'root']) mkdirSync(join(dir, d), { recursive: true })
  chmodSync(join(dir, 'tmp'), 0o1777)
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n')
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n')
  if (portableDir !== undefined) execFileSync('cp', ['-al', portableDir, join(dir, PORTABLE_PATH)])
  // What a container runtime puts in /dev; `unshare --root` brings none (sh needs /dev/null for `&`).
  for (const [name, minor] of [['null', 3], ['zero', 5], ['random', 8], ['urandom', 9]] as const) {
    execFileSync('mknod', ['-m', '666', join(dir, 'dev', name), 'c', '1', String(minor)])
  }
  if (kind === 'debian') addDebian(dir)
  else addBusybox(dir)
  if (kind === 'musl') addMusl(dir)
  return { kind, dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** /bin/busybox (static) and a link per applet, /bin/sh among them. */
function addBusybox(root: string): void {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: apt-get install busybox-static`)
  const described = execFileSync('file', ['-L', BUSYBOX], { encoding: 'utf8' })
  if (!/statically linked/.test(described)) throw new Error(`${BUSYBOX} is not static: apt-get install busybox-static`)
  mkdirSync(join(root, 'bin'))
  copyFileSync(BUSYBOX, join(root, 'bin/busybox'))
  chmodSync(join(root, 'bin/busybox'), 0o755)
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean)
  for (const applet of applets) if (applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet))
  mkdirSync(join(root, 'usr'))
  symlinkSync('../bin', join(root, 'usr/bin'))
  symlinkSync('../bin', join(root, 'usr/sbin'))
  symlinkSync('bin', join(root, 'sbin'))
}

/** Alpine's layout: musl's libc is the loader. */
function addMusl(root: string): void {
  if (!existsSync(MUSL_LIBC)) throw new Error(`${MUSL_LIBC} is missing: apt-get install musl`)
  mkdirSync(join(root, 'lib'))
  copyFileSync(MUSL_LIBC, join(root, 'lib/ld-musl-x86_64.so.1'))
  symlinkSync('ld-musl-x86_64.so.1', join(root, 'lib/libc.musl-x86_64.so.1'))
}

/** Debian's merged /usr: the host's glibc, dash as /bin/sh, a few tools, ld.so.cache. */
function addDebian(root: string): void {
  for (const d of ['usr/bin', 'usr/lib/x86_64-linux-gnu', 'usr/lib64']) mkdirSync(join(root, d), { recursive: true })
  for (const [link, target] of [['bin', 'usr/bin'], ['sbin', 'usr/bin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']] as const) {
    symlinkSync(target, join(root, link))
  }
  const libs = new Set<string>()
  for (const tool of ['dash', 'cat', 'env', 'sleep', 'ls', 'test', 'kill', 'ps', 'grep']) {
    const path = `/usr/bin/${tool}`
    if (!existsSync(path)) throw new Error(`${path} is missing (coreutils, procps, grep, dash)`)
    copyFileSync(path, join(root, path))
    chmodSync(join(root, path), 0o755)
    for (const m of execFileSync('ldd', [path], { encoding: 'utf8' }).matchAll(/=> (\/\S+)/g)) libs.add(m[1]!)
  }
  for (const lib of [...libs, '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', '/usr/lib/x86_64-linux-gnu/libgcc_s.so.1']) {
    const real = lib.replace(/^\/lib\//, '/usr/lib/')
    mkdirSync(dirname(join(root, real)), { recursive: true })
    copyFileSync(lib, join(root, real))
  }
  copyFileSync('/usr/lib64/ld-linux-x86-64.so.2', join(root, 'usr/lib64/ld-linux-x86-64.so.2'))
  symlinkSync('dash', join(root, 'usr/bin/sh'))
  execFileSync('ldconfig', ['-r', root])
}
