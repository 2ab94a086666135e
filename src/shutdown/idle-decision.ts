// --drain-until-idle's rule, on plain values: the drain may end once no connection of the child
// has received data for idleMs, counted from the later of the drain's start and the last
// traffic seen. Counting from the start too means the init has watched for idleMs itself, not
// trusted a quiet moment it happened to sample. Pure.
import type { Activity } from './connections.js';

export interface IdleInput {
  nowMs: number;
  /** When the watch began (the stop signal). */
  startMs: number;
  /** When traffic was last seen, from earlier samples (-Infinity before any). */
  lastActivityMs: number;
  idleMs: number;
  connections: readonly Activity[];
}

export interface IdleDecision {
  /** The last traffic seen, this sample included. */
  lastActivityMs: number;
  /** Connections open now, and how many of them have been quiet for idleMs. */
  open: number;
  idle: number;
  /** ms without traffic, counted from the later of the start and the last traffic. */
  quietMs: number;
  /** The drain may end. */
  done: boolean;
  /** How much longer it must stay quiet (0 once done). */
  waitMs: number;
}

export function decideIdle({ nowMs, startMs, lastActivityMs, idleMs, connections }: IdleInput): IdleDecision {
  let last = lastActivityMs;
  for (const c of connections) last = Math.max(last, nowMs - c.msSinceData);
  const open = connections.filter((c) => c.open);
  const quietMs = Math.max(0, nowMs - Math.max(startMs, last));
  return {
    lastActivityMs: last,
    open: open.length,
    idle: open.filter((c) => c.msSinceData >= idleMs).length,
    quietMs,
    done: quietMs >= idleMs,
    waitMs: Math.max(0, idleMs - quietMs),
  };
}
