/**
 * One plain sentence per setup saying what happened, from the recorded
 * facts, so a reader of the report need not decode the timeline alone.
 */
import { formatSeconds } from './duration.js';

/**
 * @param {any} r one setup's result
 * @returns {string}
 */
export function storyOf(r) {
  if (r.error) return `It did not start: ${r.error}`;
  const t = r.times;
  const c = r.counts;
  const sentences = [];
  if (t.serverSignal) {
    const delay = t.serverSignal.at - t.stop;
    if (r.kind === 'alone') sentences.push(`The server got ${t.serverSignal.signal} directly.`);
    else if (delay < 100) sentences.push(`The init passed it on at once, as ${t.serverSignal.signal}.`);
    else {
      const hooks = (r.initLog ?? []).some((/** @type {any} */ l) => l.msg === 'stop: hook start');
      const through = [t.drainEnd != null && 'the drain', hooks && 'the pre-stop hooks'].filter(Boolean).join(' and ');
      sentences.push(`The init kept the server serving${through ? ` through ${through}` : ''}, then sent it ${t.serverSignal.signal} (${formatSeconds(delay)} after SIGTERM).`);
    }
  } else if (r.exit.killedByHarness && r.kind === 'alone' && r.pid1) {
    sentences.push(`The server is PID 1 and has no handler for ${r.stopSignal}, so the kernel dropped it: the server went on serving until the demo SIGKILLed it after ${formatSeconds(r.killAfterMs)}.`);
  } else if (t.graceKill != null) {
    sentences.push(`The init sent ${r.forwarded ?? r.stopSignal}; the server did not exit, so the init SIGKILLed it when the grace ran out (exit ${r.exit.code}).`);
  } else if (r.exit.killedByHarness) {
    sentences.push(`The server was still running ${formatSeconds(r.killAfterMs)} after ${r.stopSignal}: the demo SIGKILLed it.`);
  } else if ((r.exit.code ?? 0) > 128) {
    sentences.push(`The server has no handler for ${r.forwarded ?? r.stopSignal}: the signal killed it${t.drainEnd != null ? ' when the drain ended' : ''} (exit ${r.exit.code}).`);
  }
  sentences.push(c.failed
    ? `${c.failed} request${c.failed === 1 ? ' was' : 's were'} lost (${describeFailures(r)}).`
    : 'No request failed.');
  if (c.refused) sentences.push(`${c.refused} new request${c.refused === 1 ? ' was' : 's were'} refused: the load balancer was still sending after the server stopped listening.`);
  else if (c.ok === c.sent) sentences.push('Every request was answered.');
  return sentences.join(' ');
}

/**
 * Tells apart requests dropped in flight from the keep-alive race: a request
 * sent on a pooled connection just as a gracefully stopping server closed it.
 * @param {any} r
 * @returns {string}
 */
function describeFailures(r) {
  const sig = r.times.serverSignal?.at ?? Infinity;
  const failed = r.requests.filter((/** @type {any} */ q) => q.outcome === 'failed');
  const race = keepAliveRaces(r);
  const inFlight = failed.filter((/** @type {any} */ q) => q.start < sig && q.reason === 'reset').length;
  const parts = [];
  if (inFlight) parts.push(`${inFlight} dropped in flight`);
  if (race) parts.push(`${race} sent on a kept-alive connection as the server closed it`);
  const rest = failed.length - inFlight - race;
  if (rest) parts.push(`${rest} other: ${[...new Set(failed.map((/** @type {any} */ q) => q.reason))].join(', ')}`);
  return parts.join('; ');
}

/**
 * Resets of requests sent after the server got its signal, on a pooled
 * connection: the server closed an idle keep-alive connection while the
 * request was on its way. Real balancers hit this too (and retry).
 * @param {any} r
 * @returns {number}
 */
export function keepAliveRaces(r) {
  const sig = r.times?.serverSignal?.at ?? Infinity;
  return (r.requests ?? []).filter((/** @type {any} */ q) => q.outcome === 'failed' && q.reason === 'reset' && q.reusedSocket && q.start >= sig).length;
}
