// A Clock whose time moves only when a test advances it, for unit tests of the stop sequence.
import type { Clock } from '../../src/shutdown/clock.js';

export function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; resolve: (full: boolean) => void }> = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, abort) =>
      new Promise((resolve) => {
        if (abort?.aborted) return resolve(false);
        const timer = { at: now + ms, resolve };
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
