// How the portable init shows in ps: the launcher execs the bundled loader under the name
// graceful-init (so comm is right from the start), but the command line still holds the paths
// of lib/node, its flags and the bundle. Rewriting the title leaves "graceful-init ARGS...",
// what tini or dumb-init would show. libuv's title setter also renames the thread (comm), so
// comm is put back afterwards through /proc (not the file system: a read-only root is fine).
import { writeFileSync } from 'node:fs';

/** Shows `graceful-init args...` in ps and keeps `comm` graceful-init. */
export function showAsGracefulInit(args: readonly string[]): void {
  // The title overwrites Node's own argv area, which follows argv[0] ("graceful-init").
  if (args.length === 0) return;
  process.title = args.join(' ');
  try {
    writeFileSync('/proc/self/comm', 'graceful-init');
  } catch {
    // No /proc: comm keeps the first 15 bytes of the title; nothing depends on it.
  }
}
