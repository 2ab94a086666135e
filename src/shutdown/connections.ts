// Which TCP sockets are the child's connections, and how long each has been quiet. A listener is
// the child's when one of its processes holds it (by inode); a connection is the child's when its
// local address is such a listener's, and it is either held by the child too or by no one yet
// (still in the accept queue: not yet accepted, inode 0). Pure.
import { formatEndpoint, isWildcard, TCP, type TcpSocket } from '../sys/sock-diag-wire.js';

/** One of the child's connections as the idle decision sees it. */
export interface Activity {
  /** Still open (it may yet receive data), or closed (it tells when it last did). */
  open: boolean;
  /** ms since it last received data, was opened, or was closed; 0 for one being opened now. */
  msSinceData: number;
}

/** Linux holds TIME_WAIT for TCP_TIMEWAIT_LEN (60 s): the time left tells when it closed. */
const TIMEWAIT_MS = 60_000;

/** The child's listening sockets among `sockets`. */
export function childListeners(sockets: readonly TcpSocket[], inodes: ReadonlySet<number>): TcpSocket[] {
  return sockets.filter((s) => s.state === TCP.LISTEN && s.inode !== 0 && inodes.has(s.inode));
}

/** `127.0.0.1:8080` per listener, for logs. */
export function describeListeners(listeners: readonly TcpSocket[]): string[] {
  return listeners.map((l) => formatEndpoint(l.family, l.localAddress, l.localPort));
}

function onListener(s: TcpSocket, listeners: readonly TcpSocket[]): boolean {
  return listeners.some((l) => l.family === s.family && l.localPort === s.localPort && (isWildcard(l.localAddress) || l.localAddress === s.localAddress));
}

/** Connections on the child's listeners held by a process not known to be the child's: time to look again. */
export function unknownHolders(sockets: readonly TcpSocket[], listeners: readonly TcpSocket[], inodes: ReadonlySet<number>): boolean {
  return sockets.some((s) => s.state !== TCP.LISTEN && s.inode !== 0 && !inodes.has(s.inode) && onListener(s, listeners));
}

/** How long a socket has been quiet: TIME_WAIT by its timer, a half-open one is news, others by tcp_info. */
function quietMs(s: TcpSocket): number {
  if (s.state === TCP.TIME_WAIT) return Math.max(0, TIMEWAIT_MS - s.expiresMs);
  if (s.state === TCP.SYN_RECV || s.state === TCP.NEW_SYN_RECV) return 0;
  return s.lastDataRecvMs ?? 0; // no tcp_info: count it as traffic, never as idle
}

/**
 * The child's connections among `sockets` (a dump), and among `destroyed` (closed since the last
 * dump: a connection that opened and closed between two dumps is traffic too). With
 * `destroyedSeen`, TIME_WAIT entries are left out: the announcement of the socket they replaced
 * carried its tcp_info, which says when data last came; TIME_WAIT only says when it closed.
 */
export function childConnections(
  sockets: readonly TcpSocket[],
  destroyed: readonly TcpSocket[],
  listeners: readonly TcpSocket[],
  inodes: ReadonlySet<number>,
  destroyedSeen = false,
): Activity[] {
  const mine = (s: TcpSocket) =>
    s.state !== TCP.LISTEN && !(destroyedSeen && s.state === TCP.TIME_WAIT) && onListener(s, listeners) && (s.inode === 0 || inodes.has(s.inode));
  const open = (s: TcpSocket) => s.state !== TCP.TIME_WAIT;
  return [
    ...sockets.filter(mine).map((s) => ({ open: open(s), msSinceData: quietMs(s) })),
    ...destroyed.filter((s) => s.state !== TCP.LISTEN && onListener(s, listeners)).map((s) => ({ open: false, msSinceData: quietMs(s) })),
  ];
}
