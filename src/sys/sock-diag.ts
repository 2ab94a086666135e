// NETLINK_SOCK_DIAG through koffi: the kernel's own table of TCP sockets (what `ss -ti` reads),
// and its notifications of TCP sockets destroyed, which catch connections that opened and closed
// between two dumps. Bound only when --drain-until-idle is used; opened for the drain only.
import { loadKoffi } from './koffi.js';
import { loadLibcLibrary } from './libc.js';
import { AF_INET, AF_INET6, decodeMessages, encodeDumpRequest, type TcpSocket } from './sock-diag-wire.js';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
const MSG_DONTWAIT = 0x40;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const EAGAIN = 11;
const ENOBUFS = 105;
/** sockaddr_nl's nl_groups bits: SKNLGRP_INET_TCP_DESTROY (1) and SKNLGRP_INET6_TCP_DESTROY (3). */
const TCP_DESTROY_GROUPS = (1 << 0) | (1 << 2);
/** Bigger than one dump message (the kernel fills up to ~32 KiB per read). */
const READ_BYTES = 64 * 1024;
/** Room for bursts of destroy notifications between two polls (capped by net.core.rmem_max). */
const EVENT_RCVBUF = 1 << 20;

export interface SockDiag {
  /**
   * Every TCP socket (IPv4 and IPv6) in a server's states, with tcp_info; rejects on failure.
   * For a family not in `connectionsOf`, only its listeners. Off the event loop: the kernel walks
   * its whole established hash for each family (~1 ms here with 262,144 buckets), and signals
   * must not wait behind that.
   */
  dump(connectionsOf?: { inet: boolean; inet6: boolean }): Promise<TcpSocket[]>;
  /**
   * The TCP sockets destroyed since the last call, as the kernel announced them; `lost` when
   * announcements were dropped (the queue overflowed). undefined when the subscription failed.
   */
  destroyed(): { sockets: TcpSocket[]; lost: boolean } | undefined;
  /** Why the destroy announcements could not be subscribed to (errno), or undefined. */
  readonly destroyError: number | undefined;
  close(): void;
}

function sockaddrNl(groups: number): Buffer {
  const addr = Buffer.alloc(12); // nl_family u16, nl_pad u16, nl_pid u32, nl_groups u32
  addr.writeUInt16LE(AF_NETLINK, 0);
  addr.writeUInt32LE(groups, 8);
  return addr;
}

/** Opens the two netlink sockets; throws (with the errno) if the dump socket cannot be opened. */
export function openSockDiag(): SockDiag {
  const koffi = loadKoffi();
  const lib = loadLibcLibrary();
  const socket = lib.func('int socket(int, int, int)');
  const bind = lib.func('int bind(int, const void *, uint32_t)');
  const sendto = lib.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)');
  const recv = lib.func('long recv(int, void *, size_t, int)');
  const setsockopt = lib.func('int setsockopt(int, int, int, const void *, uint32_t)');
  const close = lib.func('int close(int)');
  const fail = (what: string): never => {
    throw new Error(`${what}: errno ${koffi.errno()}`);
  };

  const dumpFd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG) as number;
  if (dumpFd < 0) fail('socket(AF_NETLINK, NETLINK_SOCK_DIAG)');
  let eventFd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG) as number;
  let destroyError: number | undefined;
  if (eventFd >= 0) {
    const size = Buffer.alloc(4);
    size.writeInt32LE(EVENT_RCVBUF);
    setsockopt(eventFd, SOL_SOCKET, SO_RCVBUF, size, 4);
    if (bind(eventFd, sockaddrNl(TCP_DESTROY_GROUPS), 12) !== 0) {
      destroyError = koffi.errno();
      close(eventFd);
      eventFd = -1;
    }
  } else {
    destroyError = koffi.errno();
  }
  const kernel = sockaddrNl(0);
  const buf = Buffer.alloc(READ_BYTES);
  const dumpBuf = Buffer.alloc(READ_BYTES); // the worker thread's, apart from the events'

  let seq = 0;

  /**
   * A libc call on koffi's worker thread (resolves with its return value), or right here when
   * the kernel has little to do: a hand-off to a thread costs more than a listeners-only dump.
   */
  const call = (onWorker: boolean, fn: ((...args: unknown[]) => unknown) & { async: (...args: unknown[]) => void }, ...args: unknown[]) =>
    onWorker
      ? new Promise<number>((resolve, reject) => fn.async(...args, (error: unknown, n: number) => (error ? reject(error) : resolve(n))))
      : Promise.resolve(fn(...args) as number);

  async function dumpFamily(family: typeof AF_INET | typeof AF_INET6, connections: boolean): Promise<TcpSocket[]> {
    const request = encodeDumpRequest(family, ++seq, !connections);
    if ((await call(connections, sendto, dumpFd, request, request.length, 0, kernel, 12)) < 0) fail('sendto(SOCK_DIAG_BY_FAMILY)');
    const sockets: TcpSocket[] = [];
    // The kernel builds the next part of a dump inside each recv: a non-blocking read always finds it.
    for (;;) {
      const n = await call(connections, recv, dumpFd, dumpBuf, dumpBuf.length, MSG_DONTWAIT);
      if (n < 0) fail('recv(SOCK_DIAG_BY_FAMILY)');
      const decoded = decodeMessages(dumpBuf, n);
      sockets.push(...decoded.sockets);
      if (decoded.error) throw new Error(`SOCK_DIAG_BY_FAMILY: errno ${-decoded.error}`);
      if (decoded.done || n === 0) return sockets;
    }
  }

  let closed = false;
  let dumping: Promise<unknown> = Promise.resolve();
  return {
    async dump(connectionsOf = { inet: true, inet6: true }) {
      if (closed) throw new Error('sock_diag closed');
      const run = (async () => [...(await dumpFamily(AF_INET, connectionsOf.inet)), ...(await dumpFamily(AF_INET6, connectionsOf.inet6))])();
      dumping = run.catch(() => undefined);
      return run;
    },
    destroyed() {
      if (eventFd < 0) return undefined;
      const sockets: TcpSocket[] = [];
      let lost = false;
      for (;;) {
        const n = recv(eventFd, buf, buf.length, MSG_DONTWAIT) as number;
        if (n > 0) {
          sockets.push(...decodeMessages(buf, n).sockets);
          continue;
        }
        const errno = n < 0 ? koffi.errno() : 0;
        if (errno === ENOBUFS) {
          lost = true; // the kernel dropped some: the queue is readable again after this error
          continue;
        }
        if (errno !== 0 && errno !== EAGAIN) lost = true;
        return { sockets, lost };
      }
    },
    get destroyError() {
      return destroyError;
    },
    close() {
      if (closed) return;
      closed = true;
      if (eventFd >= 0) close(eventFd);
      eventFd = -1;
      // Not while a worker may still be reading it: the fd number could be reused meanwhile.
      void dumping.then(() => close(dumpFd));
    },
  };
}
