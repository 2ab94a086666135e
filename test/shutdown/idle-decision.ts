// --drain-until-idle's rule on plain samples: one case per line.
import t from 'tap';
import { decideIdle } from '../../src/shutdown/idle-decision.js';

const open = (msSinceData: number) => ({ open: true, msSinceData });
const closed = (msSinceData: number) => ({ open: false, msSinceData });
/** The decision at `nowMs` with an idle time of 1000 ms, watched from 0. */
const decide = (nowMs: number, lastActivityMs: number, connections: ReturnType<typeof open>[]) =>
  decideIdle({ startMs: 0, idleMs: 1000, nowMs, lastActivityMs, connections });

/** [behaviour, nowMs, connections, lastActivityMs, done, open, idle, quietMs] */
const cases: Array<[string, number, ReturnType<typeof open>[], number, boolean, number, number, number]> = [
  ['nothing at all: idle once the init has watched for the idle time itself', 1000, [], -Infinity, true, 0, 0, 1000],
  ['nothing at all, but not watched long enough yet', 999, [], -Infinity, false, 0, 0, 999],
  ['keep-alive connections open but quiet for longer count as idle', 1000, [open(30_000), open(5000)], -Infinity, true, 2, 2, 1000],
  ['one connection that received data within the idle time keeps the drain going', 1500, [open(30_000), open(400)], -Infinity, false, 2, 1, 400],
  ['a connection quiet exactly for the idle time is idle', 2000, [open(1000)], -Infinity, true, 1, 1, 1000],
  ['a connection being opened now (SYN_RECV: 0 ms) is activity', 5000, [open(0)], -Infinity, false, 1, 0, 0],
  ['a connection that closed recently (TIME_WAIT, destroyed) is activity though not open', 3000, [closed(200)], -Infinity, false, 0, 0, 200],
  ['traffic seen by an earlier sample still counts', 3000, [open(10_000)], 2500, false, 1, 1, 500],
  ['earlier traffic long enough ago does not', 3000, [open(10_000)], 1900, true, 1, 1, 1100],
];

for (const [behaviour, nowMs, connections, lastActivityMs, done, nOpen, nIdle, quietMs] of cases) {
  t.test(behaviour, async (t) => {
    const d = decide(nowMs, lastActivityMs, connections);
    t.same({ done: d.done, open: d.open, idle: d.idle, quietMs: d.quietMs }, { done, open: nOpen, idle: nIdle, quietMs });
    t.equal(d.waitMs, Math.max(0, 1000 - quietMs), 'waitMs is what is left of the idle time');
  });
}

t.test('the last activity carries over to the next sample', async (t) => {
  const first = decide(500, -Infinity, [open(100)]);
  t.equal(first.lastActivityMs, 400);
  const second = decide(1300, first.lastActivityMs, []);
  t.same([second.done, second.quietMs], [false, 900], 'the connection closed unseen; its last data still counts');
  t.equal(decide(1400, second.lastActivityMs, []).done, true);
});
