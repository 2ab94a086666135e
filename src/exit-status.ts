// How the child's end becomes the init's exit code (SPEC §2): pure.

export interface ChildEnd {
  /** Exit code when the child exited, else undefined. */
  code?: number;
  /** Signal number when the child was killed, else undefined. */
  signal?: number;
}

/** N → N (0 if remapped by `-e N`); killed by signal S → 128 + S, as shells report it. */
export function toExitCode(end: ChildEnd, remap: ReadonlySet<number>): number {
  if (end.signal !== undefined) return 128 + end.signal;
  const code = end.code ?? 1;
  return remap.has(code) ? 0 : code;
}
