// The stop sequence on an injected clock: order and timing of steps without sleeping.
// (Drains ended early by a file or idle connections: sequence-drain-ends.ts.)
import t from 'tap';
import { begun, setup } from '../lib/fake-stop-sequence.js';

t.test('without options the stop signal is forwarded at once', async (t) => {
  const { events, advance } = begun(setup({}));
  await advance(0);
  t.same(events, ['0 not ready', '0 forward SIGTERM']);
});

t.test('the drain delays the stop action; hooks run inside it', async (t) => {
  const { events, advance } = begun(setup({ drainMs: 2000, preStop: ['a', 'b'] }));
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
  const { events, advance } = begun(setup({ stopCommand: 'nginx -s quit' }, [failed]));
  await advance(100);
  t.same(events, ['0 not ready', '0 hook nginx -s quit SIGTERM 42', '50 warn stop: stop command failed, forwarding the stop signal', '50 forward SIGTERM']);
});

t.test('a stop command that works replaces the signal', async (t) => {
  const { events, advance } = begun(setup({ stopCommand: 'nginx -s quit' }));
  await advance(1000);
  t.same(events, ['0 not ready', '0 hook nginx -s quit SIGTERM 42']);
});

t.test('a stop signal after the stop action is forwarded again', async (t) => {
  const { sequence, events, advance } = begun(setup({}));
  await advance(10);
  sequence.begin('SIGTERM');
  t.same(events, ['0 not ready', '0 forward SIGTERM', '10 forward SIGTERM']);
});
