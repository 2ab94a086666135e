// Time for the stop sequence, injected so unit tests can drive it without sleeping.

export interface Clock {
  now(): number;
  /** Resolves true after `ms`, or false as soon as `abort` fires. */
  sleep(ms: number, abort?: AbortSignal): Promise<boolean>;
}

/**
 * Monotonic milliseconds. Not performance.now(): the global loads perf_hooks on first use
 * (~1.5 ms), and the first use is when the child exits, where every millisecond is exit latency.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
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
