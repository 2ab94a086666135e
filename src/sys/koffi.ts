// The one place koffi is loaded: kept external to the bundle (a native addon), and loaded
// without its entry point, which costs ~10 ms at every start.
import { ownRequire } from './own-require.js';

type Koffi = typeof import('koffi');

/**
 * koffi's own entry point loads crypto, https and zlib for its installer (~10 ms on every
 * start); the prebuilt addon alone loads in ~1.5 ms and has everything used here. glibc first,
 * then musl (Alpine), then koffi's loader for any other platform.
 */
export function loadKoffi(): Koffi {
  const arch = process.arch === 'x64' || process.arch === 'arm64' ? process.arch : undefined;
  for (const libcName of arch ? ['linux', 'musl'] : []) {
    try {
      return ownRequire(`koffi/build/koffi/${libcName}_${arch}/koffi.node`) as Koffi;
    } catch {
      // not this libc: the next
    }
  }
  return ownRequire('koffi') as Koffi;
}
