// Time for the stop sequence, injected so unit tests can drive it without sleeping.
import { monotonicMs } from '../monotonic.js';

export { monotonicMs };

export interface Clock {
  now(): number;
  /** Resolves true after `ms`, or false as soon as `abort` fires. */
  sleep(ms: number, abort?: AbortSignal): Promise<boolean>;
}

export const realClock: Clock = {
  now: monotonicMs,
  sleep(ms, abort) {
    return new Promise((resolve) => {
      if (abort?.aborted) return resolve(false);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        abort?.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      abort?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
