// The stop sequence on an injected clock: order and timing of steps without sleeping.
import t from 'tap';
import type { Clock } from '../../src/shutdown/clock.js';
import type { HookResult, HookRunner } from '../../src/shutdown/hooks.js';
import { createStopSequence, type StopDeps } from '../../src/shutdown/sequence.js';
import { firstDrainEnd, type DrainEnds } from '../../src/shutdown/drain-ends.js';
import type { Log } from '../../src/log.js';

/** A clock whose time moves only when a test advances it. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; resolve: (full: boolean) => void; abort?: AbortSignal }> = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, abort) =>
      new Promise((resolve) => {
        if (abort?.aborted) return resolve(false);
        const timer = { at: now + ms, resolve, abort };
        timers.push(timer);
        abort?.addEventListener('abort', () => {
          const at = timers.indexOf(timer);
          if (at === -1) return; // already fired
          timers.splice(at, 1);
          resolve(false);
        }, { once: true });
      }),
  };
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  async function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      await flush();
      const next = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      now = next.at;
      timers.splice(timers.indexOf(next), 1);
      next.resolve(true);
    }
    now = end;
    await flush();
  }
  return { clock, advance };
}

/** A stand-in for --drain-until-file or --drain-until-idle that ends the drain at `atMs` (or never). */
function endsAt(atMs: number, ended: string) {
  return (clock: Clock): DrainEnds => async (abort) =>
    (await clock.sleep(atMs, abort)) ? { msg: `stop: drain ended early, ${ended}`, fields: { ended } } : undefined;
}

/** A set-up sequence that has just received SIGTERM. */
function begun<T extends { sequence: { begin(signal: 'SIGTERM'): void } }>(setUp: T): T {
  setUp.sequence.begin('SIGTERM');
  return setUp;
}

/** setup() with a --drain-until-file stand-in that finds its file at `atMs`. */
function setupWithDrainEnd(atMs: number) {
  return setup({ drainMs: 30_000 }, [], endsAt(atMs, 'file'));
}

function setup(
  config: Partial<StopDeps['config']>,
  hookResults: HookResult[] = [],
  drainEnds?: (clock: Clock) => DrainEnds,
  drainStatus?: () => Record<string, unknown>,
) {
  const { clock, advance } = fakeClock();
  const events: string[] = [];
  const at = (what: string) => events.push(`${clock.now()} ${what}`);
  const hooks: HookRunner = {
    preload() {},
    run: async (command, env) => {
      at(`hook ${command} ${env.GRACEFUL_INIT_SIGNAL} ${env.GRACEFUL_INIT_CHILD_PID}`);
      const result = hookResults.shift() ?? { ok: true, code: 0, timedOut: false, durationMs: 100 };
      await clock.sleep(result.durationMs);
      return result;
    },
  };
  const noop = () => {};
  const infos: Array<Record<string, unknown> & { msg: string }> = [];
  const log: Log = { trace: noop, debug: noop, info: (f, msg) => infos.push({ ...f, msg }), warn: (f, m) => at(`warn ${m}`), error: noop, fatal: noop };
  const sequence = createStopSequence({
    config: { drainMs: 0, preStop: [], hookTimeoutMs: 10_000, stopCommand: undefined, graceMs: undefined, ...config },
    childPid: () => 42,
    forward: (signal) => at(`forward ${signal}`),
    killAll: () => (at('kill'), 'group'),
    hooks,
    readiness: { ready: noop, notReady: () => at('not ready') },
    ...(drainEnds ? { drainEnds: drainEnds(clock) } : {}),
    ...(drainStatus ? { drainStatus } : {}),
    clock,
    log,
  });
  return { sequence, events, advance, infos };
}

t.test('without options the stop signal is forwarded at once', async (t) => {
  const { sequence, events, advance } = begun(setup({}));
  await advance(0);
  t.same(events, ['0 not ready', '0 forward SIGTERM']);
});

t.test('the drain delays the stop action; hooks run inside it', async (t) => {
  const { sequence, events, advance } = begun(setup({ drainMs: 2000, preStop: ['a', 'b'] }));
  await advance(1999);
  t.notOk(events.some((e) => e.includes('forward')), 'nothing forwarded before the drain ends');
  await advance(1);
  t.same(events, ['0 not ready', '0 hook a SIGTERM 42', '100 hook b SIGTERM 42', '2000 forward SIGTERM']);
});

t.test('slow hooks hold the stop action past the drain', async (t) => {
  const slow = { ok: true, code: 0, timedOut: false, durationMs: 3000 };
  const { sequence, events, advance } = setup({ drainMs: 1000, preStop: ['a'] }, [slow]);
  sequence.begin('SIGQUIT');
  await advance(5000);
  t.same(events, ['0 not ready', '0 hook a SIGQUIT 42', '3000 forward SIGQUIT']);
});

t.test('a second stop signal cuts the drain short', async (t) => {
  const { sequence, events, advance } = begun(setup({ drainMs: 10_000 }));
  await advance(500);
  sequence.begin('SIGTERM');
  await advance(0);
  t.same(events, ['0 not ready', '500 forward SIGTERM']);
});

t.test('the grace ends in SIGKILL and exit 137', async (t) => {
  const { sequence, events, advance } = begun(setup({ drainMs: 1000, graceMs: 2000 }));
  await advance(2999);
  t.notOk(sequence.killedByGrace);
  t.equal(sequence.graceDeadline(), 3000);
  await advance(1);
  t.ok(sequence.killedByGrace);
  t.same(events.slice(-2), ['3000 kill', '3000 warn stop: grace expired, killing']);
});

t.test('a file that appears ends the drain early (--drain-until-file)', async (t) => {
  const { sequence, events, advance } = begun(setupWithDrainEnd(1200));
  await advance(1199);
  t.notOk(events.some((e) => e.includes('forward')), 'the drain goes on until the file is there');
  await advance(1);
  t.same(events, ['0 not ready', '1200 forward SIGTERM']);
});

t.test('the child exiting ends the sequence', async (t) => {
  const { sequence, events, advance } = begun(setup({ drainMs: 1000, graceMs: 2000 }));
  await advance(500);
  sequence.childExited();
  await advance(10_000);
  t.same(events, ['0 not ready'], 'no stop action, no kill');
  t.notOk(sequence.killedByGrace);
});

t.test('a failed stop command falls back to the signal', async (t) => {
  const failed = { ok: false, code: 1, timedOut: false, durationMs: 50 };
  const { sequence, events, advance } = begun(setup({ stopCommand: 'nginx -s quit' }, [failed]));
  await advance(100);
  t.same(events, ['0 not ready', '0 hook nginx -s quit SIGTERM 42', '50 warn stop: stop command failed, forwarding the stop signal', '50 forward SIGTERM']);
});

t.test('a stop command that works replaces the signal', async (t) => {
  const { sequence, events, advance } = begun(setup({ stopCommand: 'nginx -s quit' }));
  await advance(1000);
  t.same(events, ['0 not ready', '0 hook nginx -s quit SIGTERM 42']);
});

t.test('a stop signal after the stop action is forwarded again', async (t) => {
  const { sequence, events, advance } = begun(setup({}));
  await advance(10);
  sequence.begin('SIGTERM');
  t.same(events, ['0 not ready', '0 forward SIGTERM', '10 forward SIGTERM']);
});

t.test('--drain-until-file and --drain-until-idle combine: whichever ends first ends the drain, and the log says which', async (t) => {
  for (const [fileMs, idleMs, winner] of [[1200, 3000, 'file'], [5000, 2500, 'idle']] as const) {
    const ends = (clock: Clock) => firstDrainEnd([endsAt(fileMs, 'file')(clock), endsAt(idleMs, 'idle')(clock)]) as DrainEnds;
    const { sequence, events, advance, infos } = setup({ drainMs: 60_000 }, [], ends);
    sequence.begin('SIGTERM');
    await advance(10_000);
    const at = Math.min(fileMs, idleMs);
    t.same(events, ['0 not ready', `${at} forward SIGTERM`], `${winner} first, at ${at}`);
    t.same(infos.filter((i) => i.msg.startsWith('stop: drain')).map((i) => [i.msg, i.ended, i.elapsedMs]), [[`stop: drain ended early, ${winner}`, winner, at]]);
  }
});

t.test('connections that never go idle hold the drain to its upper bound; that line says so, with what was open', async (t) => {
  const status = () => ({ open: 3, idle: 1 });
  const { sequence, events, advance, infos } = begun(setup({ drainMs: 60_000 }, [], endsAt(Infinity, 'idle'), status));
  await advance(59_999);
  t.notOk(events.some((e) => e.includes('forward')));
  await advance(1);
  t.same(events, ['0 not ready', '60000 forward SIGTERM']);
  t.match(infos.find((i) => i.msg === 'stop: drain done'), { ended: 'upper bound', elapsedMs: 60_000, open: 3, idle: 1 });
});

t.test('a second stop signal during an idle watch cuts the drain, and says how many connections were open', async (t) => {
  const { sequence, events, advance, infos } = begun(setup({ drainMs: 60_000 }, [], endsAt(Infinity, 'idle'), () => ({ open: 2, idle: 0 })));
  await advance(700);
  sequence.begin('SIGTERM');
  await advance(0);
  t.same(events, ['0 not ready', '700 forward SIGTERM']);
  t.match(infos.find((i) => i.msg === 'stop: drain cut short'), { ended: 'second signal', elapsedMs: 700, open: 2, idle: 0 });
});
