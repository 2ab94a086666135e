// createStopSequence wired to a fake clock, fake hooks and a log that records: what the unit
// tests of src/shutdown/sequence.ts read back as "TIME what" events.
import type { Clock } from '../../src/shutdown/clock.js';
import type { HookResult, HookRunner } from '../../src/shutdown/hooks.js';
import { createStopSequence, type StopDeps } from '../../src/shutdown/sequence.js';
import type { DrainEnds } from '../../src/shutdown/drain-ends.js';
import type { Log } from '../../src/log.js';
import { fakeClock } from './fake-clock.js';

/** A set-up sequence that has just received SIGTERM. */
export function begun<T extends { sequence: { begin(signal: 'SIGTERM'): void } }>(setUp: T): T {
  setUp.sequence.begin('SIGTERM');
  return setUp;
}

/** A stop sequence with `config`, hooks returning `hookResults` in turn (then 100 ms, code 0), and
 * optional drain ends and status; `events` records what it did, when. */
export function setup(
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
  const log: Log = { trace: noop, debug: noop, info: (f, msg) => infos.push({ ...f, msg }), warn: (_, msg) => at(`warn ${msg}`), error: noop, fatal: noop };
  const sequence = createStopSequence({
    config: { drainMs: 0, preStop: [], hookTimeoutMs: 10_000, stopCommand: undefined, graceMs: undefined, ...config },
    childPid: () => 42,
    forward: (signal) => at(`forward ${signal}`),
    killAll: () => (at('kill'), 'group'),
    hooks,
    readiness: { notReady: () => at('not ready') },
    ...(drainEnds ? { drainEnds: drainEnds(clock) } : {}),
    ...(drainStatus ? { drainStatus } : {}),
    clock,
    log,
  });
  return { sequence, events, advance, infos };
}
