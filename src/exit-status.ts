// How the child's end becomes the init's exit code (SPEC §2): pure.

export interface ChildEnd {
  /** Exit code when the child exited, else undefined. */
  code?: number;
  /** Signal number when the child was killed, else undefined. */
  signal?: number;
}

/**
 * N → N; killed by signal S → 128 + S, as shells report it. Then, as in tini, a code listed by
 * `-e` becomes 0: `-e 143` makes a JVM's exit on SIGTERM a success.
 */
export function toExitCode(end: ChildEnd, remap: ReadonlySet<number>): number {
  const code = end.signal !== undefined ? 128 + end.signal : (end.code ?? 1);
  return remap.has(code) ? 0 : code;
}
