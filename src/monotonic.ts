// The one clock source: monotonic milliseconds, for waits at start-up and the stop sequence.

/**
 * Monotonic milliseconds. Not performance.now(): the global loads perf_hooks on first use
 * (~1.5 ms), and the first use is when the child exits, where every millisecond is exit latency.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
