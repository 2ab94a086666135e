/**
 * A load client that behaves like a load balancer during a rolling update:
 * it sends new requests at a steady rate over a keep-alive connection pool,
 * and goes on sending for a while after the stop signal — the time it takes a
 * real balancer to notice the instance is going away.
 *
 * Bounded in count and time, and only ever talks to 127.0.0.1.
 */
import http from 'node:http';
import { now } from './clock.js';

/**
 * @typedef {'ok' | 'failed' | 'refused'} Outcome
 * @typedef {'reset' | '5xx' | 'timeout' | 'error' | null} FailReason
 *
 * @typedef {object} RequestRecord
 * @property {number} id
 * @property {number} start      epoch ms when the request was sent
 * @property {number} end        epoch ms when the response ended or the request failed
 * @property {Outcome} outcome
 * @property {FailReason} reason why it failed (null unless outcome is 'failed')
 * @property {number | null} status
 * @property {boolean} reusedSocket  sent on a kept-alive connection
 * @property {string | null} error   error code or message, for the curious
 */

/**
 * @typedef {object} LoadClient
 * @property {() => void} start
 * @property {(at: number) => void} stopSendingAt  no new request is sent at or after this epoch ms
 * @property {() => { sent: number, ok: number, failed: number, refused: number, inFlight: number }} stats
 * @property {() => RequestRecord[]} records
 * @property {Promise<void>} finished   sending has stopped and every request has settled
 */

/**
 * @param {object} opts
 * @param {number} opts.port
 * @param {number} opts.rate             new requests per second
 * @param {number} opts.maxRequests      hard bound on requests sent
 * @param {number} opts.maxSendMs        hard bound on how long it sends, from start()
 * @param {number} [opts.requestTimeoutMs]  a request with no answer by then counts as failed
 * @returns {LoadClient}
 */
export function createLoadClient({ port, rate, maxRequests, maxSendMs, requestTimeoutMs = 5000 }) {
  // A connection per request: then what the demo counts is what the stop does to requests, not
  // the keep-alive race (a server closing an idle connection just as the client reuses it),
  // which hits any server that stops, whatever its init does.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  /** @type {RequestRecord[]} */
  const done = [];
  let sent = 0;
  let inFlight = 0;
  let startedAt = 0;
  let stopAt = Infinity;
  let sending = false;
  /** @type {() => void} */
  let resolveFinished = () => {};
  const finished = new Promise((resolve) => { resolveFinished = () => resolve(undefined); });
  const intervalMs = 1000 / rate;

  function settleIfDone() {
    if (!sending && inFlight === 0) {
      agent.destroy();
      resolveFinished();
    }
  }

  // Scheduled from the start time, not from the previous send, so the rate
  // does not drift when the event loop is busy.
  function scheduleNext() {
    const due = startedAt + sent * intervalMs;
    if (sent >= maxRequests || due >= stopAt || due >= startedAt + maxSendMs) {
      sending = false;
      settleIfDone();
      return;
    }
    setTimeout(() => {
      // stopSendingAt() may have been called while we were waiting.
      if (now() >= stopAt) {
        sending = false;
        settleIfDone();
        return;
      }
      send(sent++);
      scheduleNext();
    }, Math.max(0, due - now()));
  }

  /** @param {number} id */
  function send(id) {
    inFlight++;
    const start = now();
    let settled = false;
    /** @type {http.ClientRequest} */
    let req;
    // Set when the server answers "100 Continue": it has read this request, so a reset from then
    // on drops a request in flight. A reset before it is a connection the server never accepted
    // (still in the listen queue when a graceful stop closed the listener): the kernel resets
    // those, and like a refused connection the request never reached the server.
    let received = false;
    /**
     * @param {Outcome} outcome
     * @param {FailReason} reason
     * @param {number | null} status
     * @param {string | null} error
     */
    const settle = (outcome, reason, status, error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done.push({ id, start, end: now(), outcome, reason, status, reusedSocket: Boolean(req.reusedSocket), error });
      inFlight--;
      settleIfDone();
    };
    req = http.request({ host: '127.0.0.1', port, path: `/req/${id}`, agent, headers: { Expect: '100-continue' } }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 500) settle('failed', '5xx', status, `HTTP ${status}`);
        else settle('ok', null, status, null);
      });
      res.on('error', (err) => settle('failed', 'reset', res.statusCode ?? null, errorName(err)));
      res.on('aborted', () => settle('failed', 'reset', res.statusCode ?? null, 'aborted'));
    });
    const timer = setTimeout(() => {
      settle('failed', 'timeout', null, `no answer in ${requestTimeoutMs} ms`);
      req.destroy();
    }, requestTimeoutMs);
    req.on('continue', () => { received = true; });
    req.on('error', (err) => {
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (code === 'ECONNREFUSED') settle('refused', null, null, code);
      else if (code === 'ECONNRESET' && !received) settle('refused', null, null, `${code} before the server read the request`);
      else if (code === 'ECONNRESET' || code === 'EPIPE') settle('failed', 'reset', null, errorName(err));
      else settle('failed', 'error', null, errorName(err));
    });
    req.end();
  }

  return {
    start() {
      startedAt = now();
      sending = true;
      scheduleNext();
    },
    stopSendingAt(at) {
      stopAt = at;
    },
    stats() {
      const count = (/** @type {Outcome} */ o) => done.filter((r) => r.outcome === o).length;
      return { sent, ok: count('ok'), failed: count('failed'), refused: count('refused'), inFlight };
    },
    records: () => [...done].sort((a, b) => a.id - b.id),
    finished,
  };
}

/**
 * @param {Error} err
 * @returns {string}
 */
function errorName(err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err).code;
  return code ? `${code}: ${err.message}` : err.message;
}
