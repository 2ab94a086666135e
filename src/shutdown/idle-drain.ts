// --drain-until-idle: during the drain, read the kernel's TCP table every pollMs and end the
// drain once the child's connections have been quiet for idleMs (see idle-decision.ts). Runs
// only during the drain; anything it cannot read keeps the drain going to its upper bound.
import type { Log } from '../log.js';
import type { SockDiag } from '../sys/sock-diag.js';
import { AF_INET, AF_INET6, TCP, type TcpSocket } from '../sys/sock-diag-wire.js';
import type { Clock } from './clock.js';
import { childConnections, childListeners, describeListeners, unknownHolders, type Activity } from './connections.js';
import type { DrainEnd } from './drain-ends.js';
import { decideIdle, type IdleDecision } from './idle-decision.js';

/** Reads of the kernel and /proc, injected so the loop can run on plain values. */
export interface IdleSources {
  openSockDiag(): SockDiag;
  /** The inodes of every socket the child's processes hold. */
  childInodes(): ReadonlySet<number>;
}

export interface IdleDrainDeps {
  idleMs: number;
  sources: IdleSources;
  clock: Clock;
  log: Log;
}

export interface IdleDrain {
  /** Resolves once the connections are idle, or undefined when `abort` fires first. */
  ends(abort: AbortSignal): Promise<DrainEnd | undefined>;
  /** The last sample (connections open and idle), for the drain's last log line. */
  status(): Record<string, unknown>;
}

/**
 * How often the table is read: every 250 ms, or a quarter of idleMs if that is shorter, so the
 * drain ends within a quarter of idleMs of the moment it could. A dump makes the kernel walk its
 * whole established hash (~3 ms of CPU per read here, on a worker thread), so reading faster
 * would cost more than it buys: connections that open and close between two reads are seen
 * anyway, through the kernel's announcements of destroyed sockets.
 */
export function pollMs(idleMs: number): number {
  return Math.min(250, Math.max(10, Math.floor(idleMs / 4)));
}


/** One look at the child's connections. */
interface Sample {
  nowMs: number;
  listeners: TcpSocket[];
  connections: Activity[];
  /** Something could not be read: unknown traffic, counted as traffic now. */
  lost: boolean;
}

/**
 * Reads the kernel's table (and /proc when needed) into Samples. /proc is read again only when
 * the table shows something it has not explained: a listening socket not there at the last
 * read of /proc (a new listener, the child's or not), or a connection on the child's listeners
 * held by a process not known to be the child's (a new worker). Reading it every time would
 * cost more than the table itself.
 */
function createSampler(diag: SockDiag, sources: IdleSources, clock: Clock, log: Log): () => Promise<Sample> {
  let inodes: ReadonlySet<number> = new Set();
  /** Every listening socket's inode at the last read of /proc; undefined before the first. */
  let knownListeners: Set<number> | undefined;
  let connectionsOf = { inet: true, inet6: true };
  let warned = false;
  return async () => {
    let sockets: TcpSocket[] = [];
    let destroyed: TcpSocket[] = [];
    let lost = false;
    try {
      const events = diag.destroyed();
      sockets = await diag.dump(connectionsOf);
      const listening = sockets.filter((s) => s.state === TCP.LISTEN);
      if (!knownListeners || listening.some((s) => !knownListeners?.has(s.inode)) || unknownHolders(sockets, childListeners(sockets, inodes), inodes)) {
        inodes = sources.childInodes();
        knownListeners = new Set(listening.map((s) => s.inode));
      }
      destroyed = events?.sockets ?? [];
      lost = events?.lost ?? false;
    } catch (error) {
      if (!warned) log.warn({ error: String(error) }, 'stop: --drain-until-idle cannot read the sockets, the drain goes on');
      warned = true;
      lost = true;
    }
    const listeners = childListeners(sockets, inodes);
    // Connections only where the child listens: a family without listeners costs almost nothing.
    connectionsOf = { inet: listeners.some((l) => l.family === AF_INET), inet6: listeners.some((l) => l.family === AF_INET6) };
    // After the read: tcp_info's ages are as of now, never older than they are.
    const nowMs = clock.now();
    return { nowMs, listeners, connections: childConnections(sockets, destroyed, listeners, inodes, diag.destroyError === undefined), lost };
  };
}

export function createIdleDrain({ idleMs, sources, clock, log }: IdleDrainDeps): IdleDrain {
  let last: (IdleDecision & { listeners: number }) | undefined;
  const status = () => (last ? { open: last.open, idle: last.idle, quietMs: Math.round(last.quietMs), listeners: last.listeners } : {});

  async function watch(diag: SockDiag, abort: AbortSignal): Promise<DrainEnd | undefined> {
    const startMs = clock.now();
    let lastActivityMs = -Infinity;
    if (diag.destroyError !== undefined) {
      log.warn({ errno: diag.destroyError }, 'stop: --drain-until-idle cannot see connections that close between two reads');
    }
    const sample = createSampler(diag, sources, clock, log);
    for (let first = true; !abort.aborted; first = false) {
      const { nowMs, listeners, connections, lost } = await sample();
      if (lost) lastActivityMs = nowMs;
      const decision = decideIdle({ nowMs, startMs, lastActivityMs, idleMs, connections });
      lastActivityMs = decision.lastActivityMs;
      last = { ...decision, listeners: listeners.length };
      if (first) log.info({ elapsedMs: Math.round(nowMs - startMs), ...status(), listeners: describeListeners(listeners), idleMs, pollMs: pollMs(idleMs) }, 'stop: watching connections');
      if (decision.done) return { msg: 'stop: drain ended early, the connections are idle', fields: { ended: 'idle', idleMs, ...status() } };
      await clock.sleep(Math.max(1, Math.min(pollMs(idleMs), decision.waitMs)), abort);
    }
    return undefined;
  }

  return {
    async ends(abort) {
      let diag: SockDiag;
      try {
        diag = sources.openSockDiag();
      } catch (error) {
        log.warn({ error: String(error) }, 'stop: --drain-until-idle cannot read the sockets, the drain goes on');
        if (abort.aborted) return undefined;
        return new Promise((resolve) => abort.addEventListener('abort', () => resolve(undefined), { once: true }));
      }
      try {
        return await watch(diag, abort);
      } finally {
        diag.close();
      }
    },
    status,
  };
}
