// --drain-until-idle's rule on plain samples: one case per line.
import t from 'tap';
import { decideIdle } from '../../src/shutdown/idle-decision.js';

const open = (msSinceData: number) => ({ open: true, msSinceData });
const closed = (msSinceData: number) => ({ open: false, msSinceData });

/** [behaviour, input (idle 1000 ms, start at 0), done, open, idle, quietMs] */
const cases: Array<[string, { nowMs: number; lastActivityMs?: number; connections: ReturnType<typeof open>[] }, boolean, number, number, number]> = [
  ['nothing at all: idle once the init has watched for the idle time itself', { nowMs: 1000, connections: [] }, true, 0, 0, 1000],
  ['nothing at all, but not watched long enough yet', { nowMs: 999, connections: [] }, false, 0, 0, 999],
  ['keep-alive connections open but quiet for longer count as idle', { nowMs: 1000, connections: [open(30_000), open(5000)] }, true, 2, 2, 1000],
  ['one connection that received data within the idle time keeps the drain going', { nowMs: 1500, connections: [open(30_000), open(400)] }, false, 2, 1, 400],
  ['a connection quiet exactly for the idle time is idle', { nowMs: 2000, connections: [open(1000)] }, true, 1, 1, 1000],
  ['a connection being opened now (SYN_RECV: 0 ms) is activity', { nowMs: 5000, connections: [open(0)] }, false, 1, 0, 0],
  ['a connection that closed recently (TIME_WAIT, destroyed) is activity though not open', { nowMs: 3000, connections: [closed(200)] }, false, 0, 0, 200],
  ['traffic seen by an earlier sample still counts', { nowMs: 3000, lastActivityMs: 2500, connections: [open(10_000)] }, false, 1, 1, 500],
  ['earlier traffic long enough ago does not', { nowMs: 3000, lastActivityMs: 1900, connections: [open(10_000)] }, true, 1, 1, 1100],
];

for (const [behaviour, input, done, nOpen, nIdle, quietMs] of cases) {
  t.test(behaviour, async (t) => {
    const d = decideIdle({ startMs: 0, idleMs: 1000, lastActivityMs: input.lastActivityMs ?? -Infinity, nowMs: input.nowMs, connections: input.connections });
    t.same({ done: d.done, open: d.open, idle: d.idle, quietMs: d.quietMs }, { done, open: nOpen, idle: nIdle, quietMs });
    t.equal(d.waitMs, Math.max(0, 1000 - quietMs), 'waitMs is what is left of the idle time');
  });
}

t.test('the last activity carries over to the next sample', async (t) => {
  const first = decideIdle({ nowMs: 500, startMs: 0, lastActivityMs: -Infinity, idleMs: 1000, connections: [open(100)] });
  t.equal(first.lastActivityMs, 400);
  const second = decideIdle({ nowMs: 1300, startMs: 0, lastActivityMs: first.lastActivityMs, idleMs: 1000, connections: [] });
  t.same([second.done, second.quietMs], [false, 900], 'the connection closed unseen; its last data still counts');
  const third = decideIdle({ nowMs: 1400, startMs: 0, lastActivityMs: second.lastActivityMs, idleMs: 1000, connections: [] });
  t.equal(third.done, true);
});
