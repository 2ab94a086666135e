// --budget: the orchestrator's stop timeout (terminationGracePeriodSeconds, docker stop -t).
// The stop sequence must end before the orchestrator's own SIGKILL, or its last steps never run.
import type { Draft } from './config.js';
import { formatDuration } from './duration.js';

/**
 * What the slowest stop takes, by step: hooks run inside the drain. --drain-until-idle and
 * --drain-until-file may end the drain sooner, but it can last all of --drain: that is what counts.
 */
export function worstStopMs(d: Pick<Draft, 'drainMs' | 'preStop' | 'hookTimeoutMs' | 'stopCommand'>): {
  drainMs: number;
  hooksMs: number;
  stopCommandMs: number;
} {
  return {
    drainMs: d.drainMs,
    hooksMs: d.preStop.length * d.hookTimeoutMs,
    stopCommandMs: d.stopCommand === undefined ? 0 : d.hookTimeoutMs,
  };
}

/** Time kept back when --grace is derived from --budget, so our SIGKILL comes before theirs. */
function marginMs(budgetMs: number): number {
  return Math.min(1000, Math.round(budgetMs / 10));
}

/**
 * Checks the stop sequence against the budget; without --grace, sets grace to what the budget
 * leaves (less a margin). Returns why it cannot fit, or undefined.
 */
export function applyBudget(d: Draft): string | undefined {
  if (d.budgetMs === undefined) return undefined;
  const { drainMs, hooksMs, stopCommandMs } = worstStopMs(d);
  const beforeGraceMs = Math.max(drainMs, hooksMs) + stopCommandMs;
  const graceMs = d.graceMs ?? d.budgetMs - beforeGraceMs - marginMs(d.budgetMs);
  const totalMs = beforeGraceMs + Math.max(graceMs, 0);
  if (graceMs > 0 && totalMs < d.budgetMs) {
    d.graceMs = graceMs;
    return undefined;
  }
  const parts = [
    `drain ${formatDuration(drainMs)}${d.drainUntilIdleMs !== undefined || d.drainUntilFile !== undefined ? ' at most' : ''}`,
    d.preStop.length ? `hooks ${d.preStop.length}×${formatDuration(d.hookTimeoutMs)}` : '',
    stopCommandMs ? `stop command ${formatDuration(stopCommandMs)}` : '',
    d.graceMs === undefined ? 'no time left for grace' : `grace ${formatDuration(d.graceMs)}`,
  ].filter(Boolean);
  const over = totalMs - d.budgetMs;
  return `needs ${formatDuration(totalMs)} (${parts.join(', ')}; hooks run inside the drain), ${
    over > 0 ? `over by ${formatDuration(over)}` : 'leaving no time for grace'
  }: lower --drain, --hook-timeout or --grace, or raise the budget`;
}
