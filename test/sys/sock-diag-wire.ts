// The sock_diag bytes against a reply captured from the kernel by an independent script
// (test/fixtures/sock-diag/capture.py: its own request, decoded with Python's struct).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fixture } from '../lib/paths.js';
import { AF_INET, AF_INET6, decodeMessages, encodeDumpRequest, formatEndpoint, isWildcard, TCP } from '../../src/sys/sock-diag-wire.js';

const capture = JSON.parse(readFileSync(fixture('sock-diag/reply.json'), 'utf8')) as {
  request: string;
  reply: string;
  expected: Array<{ state: number; localPort: number; remotePort: number; inode: number; lastDataRecvMs: number }>;
  listenerInode: number;
  acceptedInode: number;
};
const reply = Buffer.from(capture.reply, 'hex');

t.test("the dump request is byte for byte the capture script's (seq 7, IPv4, tcp_info, server states)", async (t) => {
  t.equal(encodeDumpRequest(AF_INET, 7).toString('hex'), capture.request);
  const v6 = encodeDumpRequest(AF_INET6, 8);
  t.equal(v6.readUInt8(16), AF_INET6, 'the IPv6 request differs in its family');
  t.equal(v6.readUInt32LE(8), 8, 'and its sequence number');
});

t.test("a captured reply decodes to the listener and the accepted connection, with tcp_info's last_data_recv", async (t) => {
  const decoded = decodeMessages(reply);
  t.equal(decoded.done, true, 'NLMSG_DONE ends the dump');
  t.equal(decoded.error, undefined);
  t.same(decoded.sockets.map((s) => ({ state: s.state, localPort: s.localPort, remotePort: s.remotePort, inode: s.inode, lastDataRecvMs: s.lastDataRecvMs })), capture.expected);
  const [listener, accepted] = decoded.sockets;
  t.equal(listener?.state, TCP.LISTEN);
  t.equal(listener?.inode, capture.listenerInode, "the listener's inode is the one fstat gave");
  t.equal(accepted?.inode, capture.acceptedInode, "the accepted socket's too");
  t.equal(formatEndpoint(AF_INET, listener?.localAddress ?? '', listener?.localPort ?? 0), `127.0.0.1:${capture.expected[0]?.localPort}`);
  t.ok((accepted?.lastDataRecvMs ?? 0) >= 250, `the connection had been quiet for the script's 300 ms sleep (${accepted?.lastDataRecvMs} ms)`);
});

t.test('a truncated reply yields only the whole messages, never reads past the end', async (t) => {
  const cut = decodeMessages(reply, reply.readUInt32LE(0) + 20); // the first message and 20 bytes of the next
  t.equal(cut.sockets.length, 1);
  t.equal(cut.done, false, 'no DONE: the caller reads on');
});

t.test('NLMSG_ERROR carries a negative errno', async (t) => {
  const error = Buffer.alloc(36);
  error.writeUInt32LE(36, 0);
  error.writeUInt16LE(2, 4);
  error.writeInt32LE(-22, 16);
  t.equal(decodeMessages(error).error, -22);
});

t.test('addresses: wildcards and IPv6 text', async (t) => {
  t.ok(isWildcard('00000000'));
  t.ok(isWildcard('0'.repeat(32)));
  t.notOk(isWildcard('7f000001'));
  t.equal(formatEndpoint(AF_INET6, `${'0'.repeat(30)}01`, 80), '[::1]:80');
  t.equal(formatEndpoint(AF_INET6, '0'.repeat(32), 443), '[::]:443');
  t.equal(formatEndpoint(AF_INET6, `${'0'.repeat(20)}ffff7f000001`, 8080), '[::ffff:7f00:1]:8080');
});
