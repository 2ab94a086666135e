// The rewrite table (`--rewrite TERM:QUIT`): pure lookup, apart from the act of sending.

/** Maps a received signal number to the one to send; 0 means drop it. */
export type RewriteTable = ReadonlyMap<number, number>;

/** The signal to forward for `received`: its rewrite, or itself. 0 = drop. */
export function rewriteSignal(table: RewriteTable, received: number): number {
  return table.get(received) ?? received;
}
