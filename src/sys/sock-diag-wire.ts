// The bytes of NETLINK_SOCK_DIAG for TCP (linux/inet_diag.h, linux/sock_diag.h): the dump request
// (SOCK_DIAG_BY_FAMILY with inet_diag_req_v2, asking for struct tcp_info) and the inet_diag_msg
// replies, which are also what the kernel multicasts when a TCP socket is destroyed. Pure.
// Host byte order (x86_64 and aarch64 are little-endian); ports and addresses are big-endian.

export const AF_INET = 2;
export const AF_INET6 = 10;
const IPPROTO_TCP = 6;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const SOCK_DIAG_BY_FAMILY = 20;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300; // NLM_F_ROOT | NLM_F_MATCH
const INET_DIAG_INFO = 2;
const NLMSG_HDR = 16;
const REQ_V2 = 56;
const DIAG_MSG = 72;
/** tcp_info: u8 × 8, then u32 rto, ato, snd_mss, rcv_mss, unacked, sacked, lost, retrans, fackets, last_data_sent, last_ack_sent, last_data_recv. */
const TCPI_LAST_DATA_RECV = 52;

/** Kernel TCP states (include/net/tcp_states.h). */
export const TCP = {
  ESTABLISHED: 1, SYN_SENT: 2, SYN_RECV: 3, FIN_WAIT1: 4, FIN_WAIT2: 5, TIME_WAIT: 6, CLOSE: 7,
  CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10, CLOSING: 11, NEW_SYN_RECV: 12,
} as const;

/** Every state a server's side of a connection (or its listener) can be in: not SYN_SENT, not CLOSE. */
const SERVER_STATES = [TCP.ESTABLISHED, TCP.SYN_RECV, TCP.FIN_WAIT1, TCP.FIN_WAIT2, TCP.TIME_WAIT, TCP.CLOSE_WAIT,
  TCP.LAST_ACK, TCP.LISTEN, TCP.CLOSING, TCP.NEW_SYN_RECV].reduce((mask, state) => mask | (1 << state), 0);

/** One TCP socket as inet_diag reports it. */
export interface TcpSocket {
  family: typeof AF_INET | typeof AF_INET6;
  state: number;
  /** Raw address bytes as hex (8 digits for IPv4, 32 for IPv6): compared, not shown. */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** 0 when no file holds the socket (still in an accept queue, or closed by its owner). */
  inode: number;
  /** TIME_WAIT and the timers: ms until the timer fires. */
  expiresMs: number;
  /** tcp_info.tcpi_last_data_recv: ms since data last arrived (or since the connection opened); absent without tcp_info. */
  lastDataRecvMs?: number;
}

/** One netlink message's worth of what a read said. */
export interface Decoded {
  sockets: TcpSocket[];
  /** NLMSG_DONE seen: the dump is complete. */
  done: boolean;
  /** A negative errno from NLMSG_ERROR (0 is an ACK), or undefined. */
  error?: number;
}

/**
 * nlmsghdr + inet_diag_req_v2: dump every TCP socket of `family` in a server's states, with
 * tcp_info; with `listenersOnly`, only listening sockets (the kernel then skips its walk of the
 * established hash, ~1 ms against ~0.07 ms here).
 */
export function encodeDumpRequest(family: typeof AF_INET | typeof AF_INET6, seq: number, listenersOnly = false): Buffer {
  const buf = Buffer.alloc(NLMSG_HDR + REQ_V2);
  buf.writeUInt32LE(buf.length, 0);
  buf.writeUInt16LE(SOCK_DIAG_BY_FAMILY, 4);
  buf.writeUInt16LE(NLM_F_REQUEST | NLM_F_DUMP, 6);
  buf.writeUInt32LE(seq, 8);
  buf.writeUInt32LE(0, 12); // nlmsg_pid 0: the kernel
  buf.writeUInt8(family, NLMSG_HDR);
  buf.writeUInt8(IPPROTO_TCP, NLMSG_HDR + 1);
  buf.writeUInt8(1 << (INET_DIAG_INFO - 1), NLMSG_HDR + 2); // idiag_ext
  buf.writeUInt32LE(listenersOnly ? 1 << TCP.LISTEN : SERVER_STATES >>> 0, NLMSG_HDR + 4); // idiag_states; the sockid stays zero: match all
  return buf;
}

const align4 = (n: number) => (n + 3) & ~3;

/** Decodes every netlink message in `buf[0, length)`: a dump reply or destroy notifications. */
export function decodeMessages(buf: Buffer, length = buf.length): Decoded {
  const out: Decoded = { sockets: [], done: false };
  for (let at = 0; at + NLMSG_HDR <= length;) {
    const len = buf.readUInt32LE(at);
    const type = buf.readUInt16LE(at + 4);
    if (len < NLMSG_HDR || at + len > length) break; // truncated: never read past what came
    if (type === NLMSG_DONE) out.done = true;
    else if (type === NLMSG_ERROR && len >= NLMSG_HDR + 4) out.error = buf.readInt32LE(at + NLMSG_HDR);
    else if (type === SOCK_DIAG_BY_FAMILY && len >= NLMSG_HDR + DIAG_MSG) out.sockets.push(decodeSocket(buf, at + NLMSG_HDR, at + len));
    at += align4(len);
  }
  return out;
}

/** inet_diag_msg at `at`, its attributes up to `end`. */
function decodeSocket(buf: Buffer, at: number, end: number): TcpSocket {
  const family = buf.readUInt8(at) === AF_INET6 ? AF_INET6 : AF_INET;
  const addressBytes = family === AF_INET6 ? 16 : 4;
  const socket: TcpSocket = {
    family,
    state: buf.readUInt8(at + 1),
    localPort: buf.readUInt16BE(at + 4),
    remotePort: buf.readUInt16BE(at + 6),
    localAddress: buf.toString('hex', at + 8, at + 8 + addressBytes),
    remoteAddress: buf.toString('hex', at + 24, at + 24 + addressBytes),
    expiresMs: buf.readUInt32LE(at + 52),
    inode: buf.readUInt32LE(at + 68),
  };
  for (let a = at + DIAG_MSG; a + 4 <= end;) {
    const rtaLen = buf.readUInt16LE(a);
    const rtaType = buf.readUInt16LE(a + 2);
    if (rtaLen < 4 || a + rtaLen > end) break;
    if (rtaType === INET_DIAG_INFO && rtaLen >= 4 + TCPI_LAST_DATA_RECV + 4) {
      socket.lastDataRecvMs = buf.readUInt32LE(a + 4 + TCPI_LAST_DATA_RECV);
    }
    a += align4(rtaLen);
  }
  return socket;
}

/** The wildcard address (0.0.0.0 or ::) a listener may be bound to. */
export function isWildcard(hexAddress: string): boolean {
  return /^0+$/.test(hexAddress);
}

/** `127.0.0.1:8080` or `[::1]:8080`, for logs. */
export function formatEndpoint(family: number, hexAddress: string, port: number): string {
  if (family === AF_INET) return `${Buffer.from(hexAddress, 'hex').join('.')}:${port}`;
  const groups = (hexAddress.match(/.{4}/g) ?? []).map((g) => Number.parseInt(g, 16).toString(16));
  const text = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
  return `[${text}]:${port}`;
}
