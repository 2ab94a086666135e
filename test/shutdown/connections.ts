// Which sockets are the child's connections, from a plain table like a sock_diag dump.
import t from 'tap';
import { childConnections, childListeners, unknownHolders } from '../../src/shutdown/connections.js';
import { AF_INET, AF_INET6, TCP, type TcpSocket } from '../../src/sys/sock-diag-wire.js';

const V4 = '7f000001';
const ANY6 = '0'.repeat(32);
const LO6 = `${'0'.repeat(30)}01`;
let n = 0;
function sock(fields: Partial<TcpSocket>): TcpSocket {
  return { family: AF_INET, state: TCP.ESTABLISHED, localAddress: V4, localPort: 8080, remoteAddress: V4, remotePort: 40000 + n++, inode: 0, expiresMs: 0, lastDataRecvMs: 5000, ...fields };
}

const childInodes = new Set([100, 101, 200, 201]);
const table: TcpSocket[] = [
  sock({ state: TCP.LISTEN, inode: 100, remotePort: 0 }), // the child's 127.0.0.1:8080
  sock({ family: AF_INET6, state: TCP.LISTEN, localAddress: ANY6, localPort: 9090, inode: 200, remotePort: 0 }), // the child's [::]:9090
  sock({ state: TCP.LISTEN, localPort: 7070, inode: 300, remotePort: 0 }), // someone else's listener
  sock({ inode: 101, lastDataRecvMs: 50 }), // accepted, busy
  sock({ family: AF_INET6, localAddress: LO6, localPort: 9090, inode: 201, lastDataRecvMs: 9000 }), // accepted on the wildcard, idle keep-alive
  sock({ inode: 0, lastDataRecvMs: 20 }), // in the accept queue, not accepted yet
  sock({ localPort: 7070, inode: 301, lastDataRecvMs: 1 }), // on someone else's listener
  sock({ localPort: 51000, remotePort: 8080, inode: 102, lastDataRecvMs: 1 }), // the child's own outgoing connection
  sock({ state: TCP.TIME_WAIT, inode: 0, expiresMs: 59_700 }), // closed 300 ms ago
  sock({ state: TCP.SYN_RECV, inode: 0, lastDataRecvMs: undefined }), // being opened now
];

const listeners = childListeners(table, childInodes);
const connections = (sockets: TcpSocket[], destroyed: TcpSocket[] = [], destroyedSeen?: boolean) =>
  childConnections(sockets, destroyed, listeners, childInodes, destroyedSeen);

t.test("the child's listeners are the listening sockets its processes hold", async (t) => {
  t.same(listeners.map((s) => s.inode), [100, 200]);
});

t.test('connections: accepted (IPv4, IPv6), queued, closing, opening; not outgoing, nor on other listeners', async (t) => {
  const destroyed = [sock({ state: TCP.CLOSE, lastDataRecvMs: 70 }), sock({ state: TCP.CLOSE, localPort: 7070, lastDataRecvMs: 0 })];
  t.same(connections(table, destroyed), [
    { open: true, msSinceData: 50 },
    { open: true, msSinceData: 9000 },
    { open: true, msSinceData: 20 },
    { open: false, msSinceData: 300 },
    { open: true, msSinceData: 0 },
    { open: false, msSinceData: 70 },
  ]);
});

t.test('an IPv4 listener does not claim IPv6 connections on the same port', async (t) => {
  t.same(connections([sock({ family: AF_INET6, localAddress: LO6, inode: 0 })]), []);
});

t.test('a connection without tcp_info counts as traffic, never as idle', async (t) => {
  t.same(connections([sock({ inode: 101, lastDataRecvMs: undefined })]), [{ open: true, msSinceData: 0 }]);
});

t.test('a connection held by an unknown process on a listener means /proc must be read again', async (t) => {
  t.ok(unknownHolders([sock({ inode: 999 })], listeners, childInodes));
  t.notOk(unknownHolders([sock({ inode: 101 }), sock({ inode: 0 })], listeners, childInodes));
});

t.test('with destroy announcements, TIME_WAIT says nothing more: the announcement had the last data time', async (t) => {
  const closedLongAfterData = [sock({ state: TCP.TIME_WAIT, inode: 0, expiresMs: 59_900 })];
  const announced = [sock({ state: TCP.CLOSE, lastDataRecvMs: 1100 })];
  t.same(connections(closedLongAfterData, announced, true), [{ open: false, msSinceData: 1100 }]);
  t.same(connections(closedLongAfterData, [], false), [{ open: false, msSinceData: 100 }], 'without them, the close time stands in');
});
