// The koffi sock_diag reader on this kernel, as root and unprivileged.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readlinkSync, readdirSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/paths.js';
import { openSockDiag } from '../../src/sys/sock-diag.js';
import { TCP, type TcpSocket } from '../../src/sys/sock-diag-wire.js';

/** socket:[INODE] of this process's fds. */
function ownSocketInodes() {
  const inodes = new Set<number>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

t.test('a listener and an accepted connection by inode, with the time since data came; then the close is announced', async (t) => {
  const accepted: Socket[] = [];
  const server = createServer((s) => void accepted.push(s.on('data', () => {})));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => void server.close());
  const port = (server.address() as { port: number }).port;
  const diag = openSockDiag();
  t.teardown(() => diag.close());
  t.equal(diag.destroyError, undefined, 'subscribed to destroy announcements');
  const client = connect(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  client.write('hello');
  await delay(300);
  const mine = ownSocketInodes();
  const sockets = await diag.dump();
  const listener = sockets.find((s) => s.state === TCP.LISTEN && s.localPort === port);
  const conn = sockets.find((s) => s.state === TCP.ESTABLISHED && s.localPort === port);
  t.ok(listener && mine.has(listener.inode), "the listener, with an inode among this process's fds");
  t.ok(conn && mine.has(conn.inode), 'the accepted connection too');
  t.ok((conn?.lastDataRecvMs ?? 0) >= 250 && (conn?.lastDataRecvMs ?? Infinity) < 5000, `quiet for the 300 ms waited (${conn?.lastDataRecvMs} ms)`);
  const listenersOnly = await diag.dump({ inet: false, inet6: false });
  t.ok(listenersOnly.every((s) => s.state === TCP.LISTEN), 'a listeners-only dump has listeners only');
  t.ok(listenersOnly.some((s) => s.localPort === port));
  diag.destroyed(); // what was announced before
  client.end();
  accepted[0]?.end();
  // The kernel announces from a work queue: read until it has (bounded, not a fixed sleep).
  const seen: TcpSocket[] = [];
  for (let waited = 0; waited < 5000 && !seen.some((s) => s.localPort === port); waited += 20) {
    seen.push(...(diag.destroyed()?.sockets ?? []));
    await delay(20);
  }
  t.ok(seen.some((s) => s.localPort === port && s.lastDataRecvMs !== undefined), 'the server side of the closed connection was announced, with tcp_info');
});

t.test('it needs no privileges: the same reads as user nobody', async (t) => {
  const script = `
    import { openSockDiag } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/sys/sock-diag.js')).href)};
    const d = openSockDiag();
    const n = (await d.dump()).length;
    console.log(JSON.stringify({ uid: process.getuid(), destroyError: d.destroyError ?? null, dumped: n }));
    d.close();`;
  const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  const result = JSON.parse(out) as { uid: number; destroyError: number | null; dumped: number };
  t.equal(result.uid, 65534);
  t.equal(result.destroyError, null, 'subscribed to destroy announcements without CAP_NET_ADMIN');
  t.ok(result.dumped > 0, `dumped ${result.dumped} sockets`);
});
