/**
 * One clock for every timestamp in the demo: epoch milliseconds with
 * sub-millisecond resolution. Epoch (not process uptime) so it lines up with
 * the `time` field of graceful-init's JSON log lines.
 */
import { performance } from 'node:perf_hooks';

/** @returns {number} */
export const now = () => performance.timeOrigin + performance.now();

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
