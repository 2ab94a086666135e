// --drain-until-idle: during the drain, read the kernel's TCP table every pollMs and end the
// drain once the child's connections have been quiet for idleMs (see idle-decision.ts). Runs
// only during the drain; anything it cannot read keeps the drain going to its upper bound.
import type { Log } from '../log.js';
import type { SockDiag } from '../sys/sock-diag.js';
import { AF_INET, AF_INET6, type TcpSocket } from '../sys/sock-diag-wire.js';
import type { Clock } from './clock.js';
import { childConnections, childListeners, describeListeners, unknownHolders } from './connections.js';
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

/** /proc is read again at least this often (new processes, new listeners), and whenever a connection's holder is unknown. */
const RESCAN_MS = 1000;

export function createIdleDrain({ idleMs, sources, clock, log }: IdleDrainDeps): IdleDrain {
  let last: (IdleDecision & { listeners: number }) | undefined;
  const status = () => (last ? { open: last.open, idle: last.idle, quietMs: Math.round(last.quietMs), listeners: last.listeners } : {});

  async function watch(diag: SockDiag, abort: AbortSignal): Promise<DrainEnd | undefined> {
    const startMs = clock.now();
    let lastActivityMs = -Infinity;
    let failed = false;
    let first = true;
    let inodes: ReadonlySet<number> = new Set();
    let scannedAt = -Infinity;
    let connectionsOf = { inet: true, inet6: true };
    if (diag.destroyError !== undefined) {
      log.warn({ errno: diag.destroyError }, 'stop: --drain-until-idle cannot see connections that close between two reads');
    }
    while (!abort.aborted) {
      const nowMs = clock.now();
      let sockets: TcpSocket[] = [];
      let destroyed: TcpSocket[] = [];
      let lost = false;
      try {
        const events = diag.destroyed();
        sockets = await diag.dump(connectionsOf);
        if (nowMs - scannedAt >= RESCAN_MS || unknownHolders(sockets, childListeners(sockets, inodes), inodes)) {
          inodes = sources.childInodes();
          scannedAt = nowMs;
        }
        destroyed = events?.sockets ?? [];
        lost = events?.lost ?? false;
      } catch (error) {
        if (!failed) log.warn({ error: String(error) }, 'stop: --drain-until-idle cannot read the sockets, the drain goes on');
        failed = true;
        lost = true;
      }
      const listeners = childListeners(sockets, inodes);
      // Connections only where the child listens: a family without listeners costs almost nothing.
      connectionsOf = { inet: listeners.some((l) => l.family === AF_INET), inet6: listeners.some((l) => l.family === AF_INET6) };
      const connections = childConnections(sockets, destroyed, listeners, inodes, diag.destroyError === undefined);
      // Lost announcements or a failed read are unknown traffic: count them as traffic now.
      if (lost) lastActivityMs = nowMs;
      const decision = decideIdle({ nowMs, startMs, lastActivityMs, idleMs, connections });
      lastActivityMs = decision.lastActivityMs;
      last = { ...decision, listeners: listeners.length };
      if (first) log.info({ ...status(), listeners: describeListeners(listeners), idleMs, pollMs: pollMs(idleMs) }, 'stop: watching connections');
      first = false;
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
