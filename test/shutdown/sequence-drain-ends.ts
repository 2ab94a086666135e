// The stop sequence on an injected clock when --drain-until-file, --drain-until-idle or both end
// the drain, and what the log says.
import t from 'tap';
import type { Clock } from '../../src/shutdown/clock.js';
import { firstDrainEnd, type DrainEnds } from '../../src/shutdown/drain-ends.js';
import { begun, setup } from '../lib/fake-stop-sequence.js';

/** A stand-in for --drain-until-file or --drain-until-idle that ends the drain at `atMs` (or never). */
function endsAt(atMs: number, ended: string) {
  return (clock: Clock): DrainEnds => async (abort) =>
    (await clock.sleep(atMs, abort)) ? { msg: `stop: drain ended early, ${ended}`, fields: { ended } } : undefined;
}

t.test('a file that appears ends the drain early (--drain-until-file)', async (t) => {
  const { events, advance } = begun(setup({ drainMs: 30_000 }, [], endsAt(1200, 'file')));
  await advance(1199);
  t.notOk(events.some((e) => e.includes('forward')), 'the drain goes on until the file is there');
  await advance(1);
  t.same(events, ['0 not ready', '1200 forward SIGTERM']);
});

t.test('--drain-until-file and --drain-until-idle: whichever ends first ends the drain, and the log says which', async (t) => {
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

t.test('connections never idle hold the drain to its upper bound; its line says so, with what was open', async (t) => {
  const { events, advance, infos } = begun(setup({ drainMs: 60_000 }, [], endsAt(Infinity, 'idle'), () => ({ open: 3, idle: 1 })));
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
