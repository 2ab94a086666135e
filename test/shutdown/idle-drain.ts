// The --drain-until-idle loop over stand-in sources, on a clock that moves only when it sleeps.
import t from 'tap';
import type { Clock } from '../../src/shutdown/clock.js';
import { createIdleDrain, pollMs } from '../../src/shutdown/idle-drain.js';
import type { SockDiag } from '../../src/sys/sock-diag.js';
import { AF_INET, TCP, type TcpSocket } from '../../src/sys/sock-diag-wire.js';
import { fakeLog } from '../lib/fake-log.js';

/** A clock whose every sleep returns at once, having moved time on (abort still wins). */
function jumpingClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms, abort) => {
      await new Promise((resolve) => setImmediate(resolve)); // let the test's own timers run
      if (abort?.aborted) return false;
      now += ms;
      return true;
    },
  };
}

const listener: TcpSocket = { family: AF_INET, state: TCP.LISTEN, localAddress: '7f000001', localPort: 80, remoteAddress: '00000000', remotePort: 0, inode: 1, expiresMs: 0 };
const conn = (lastDataRecvMs: number, inode = 2): TcpSocket => ({ ...listener, state: TCP.ESTABLISHED, remotePort: 5000 + inode, inode, lastDataRecvMs });

function setup(table: (nowMs: number) => TcpSocket[], opts: { failDump?: boolean; destroyError?: number } = {}) {
  const clock = jumpingClock();
  const log = fakeLog();
  let closed = 0;
  const diag: SockDiag = {
    dump: async () => {
      if (opts.failDump) throw new Error('errno 13');
      return table(clock.now());
    },
    destroyed: () => ({ sockets: [], lost: false }),
    destroyError: opts.destroyError,
    close: () => void closed++,
  };
  const drain = createIdleDrain({ idleMs: 1000, clock, log, sources: { openSockDiag: () => diag, childInodes: () => new Set([1, 2, 3]) } });
  return { drain, clock, lines: log.lines, closed: () => closed };
}

t.test('data until 3 s, then keep-alive quiet: the drain ends 1 s later, within one poll; the last sample is reported', async (t) => {
  const { drain, clock, lines, closed } = setup((now) => [listener, conn(now < 3000 ? 10 : now - 3000), conn(60_000, 3)]);
  const end = await drain.ends(new AbortController().signal);
  t.ok(clock.now() >= 4000 && clock.now() <= 4000 + pollMs(1000), `ended at ${clock.now()} ms`);
  t.match(end, { msg: 'stop: drain ended early, the connections are idle', fields: { ended: 'idle', open: 2, idle: 2, listeners: 1 } });
  t.same(lines.map((l) => `${l.level} ${l.msg}`), ['info stop: watching connections']);
  t.equal(closed(), 1, 'the netlink sockets are closed');
});

t.test('a read that fails keeps the drain going to its upper bound (never idle on no data), warned once', async (t) => {
  const { drain, lines } = setup(() => [listener], { failDump: true });
  const abort = new AbortController();
  const ended = drain.ends(abort.signal);
  await new Promise((r) => setTimeout(r, 20));
  abort.abort();
  t.equal(await ended, undefined);
  t.equal(lines.filter((l) => l.level === 'warn').length, 1);
});

t.test('no subscription to destroyed sockets is warned about, and the watch goes on', async (t) => {
  const { drain, lines } = setup(() => [listener], { destroyError: 1 });
  t.ok(await drain.ends(new AbortController().signal));
  t.match(lines[0]?.msg, /cannot see connections that close between two reads/);
});

t.test('poll interval: 250 ms, a quarter of a short idle time, never under 10 ms', async (t) => {
  t.same([pollMs(60_000), pollMs(1000), pollMs(200), pollMs(10)], [250, 250, 50, 10]);
});
