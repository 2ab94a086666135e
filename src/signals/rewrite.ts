// The rewrite table (`--rewrite TERM:QUIT`): pure lookup, apart from the act of sending.
import type { SignalName } from './names.js';

/** Maps a received signal to the one to send; null drops it (`--rewrite TERM:0`). */
export type RewriteTable = ReadonlyMap<SignalName, SignalName | null>;

/** The signal to forward for `received`: its rewrite, or itself; null = drop. */
export function rewriteSignal(table: RewriteTable, received: SignalName): SignalName | null {
  const to = table.get(received);
  return to === undefined ? received : to;
}
