/**
 * A slow HTTP server with two ways to stop, modelled on nginx:
 * - fast: drop everything now (sockets destroyed mid-request, exit at once);
 * - graceful: stop accepting, let in-flight requests finish, close keep-alive
 *   connections as they go idle, exit when the last connection is gone.
 * Which signal triggers which is decided by each server script.
 */
import http from 'node:http';
import net from 'node:net';

/**
 * @typedef {object} SlowServer
 * @property {http.Server} server
 * @property {() => number} inFlight      requests accepted but not answered yet
 * @property {() => void} stopFast        drop all connections and exit 0
 * @property {() => void} stopGraceful    finish in-flight requests, then exit 0
 */

/**
 * @param {object} opts
 * @param {string} opts.name           used in log lines on stderr
 * @param {number} opts.minDelayMs
 * @param {number} opts.maxDelayMs
 * @returns {SlowServer}
 */
export function createSlowServer({ name, minDelayMs, maxDelayMs }) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let inFlight = 0;
  let draining = false;

  const server = http.createServer((req, res) => {
    inFlight++;
    const delay = Math.round(minDelayMs + Math.random() * (maxDelayMs - minDelayMs));
    const timer = setTimeout(() => {
      // During a graceful stop, tell keep-alive clients this connection ends with
      // this response, so they open a new one (to a live instance) next time.
      if (draining) res.setHeader('Connection', 'close');
      res.setHeader('Content-Type', 'text/plain');
      res.end(`ok ${req.url} after ${delay} ms from pid ${process.pid}\n`);
    }, delay);
    // A client that gives up must not leave a timer holding the process open.
    res.on('close', () => {
      clearTimeout(timer);
      inFlight--;
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** @param {string} text */
  const log = (text) => process.stderr.write(`${name}[${process.pid}]: ${text}\n`);

  function stopFast() {
    log(`fast stop: dropping ${inFlight} request(s) in flight`);
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }

  function stopGraceful() {
    if (draining) return;
    draining = true;
    log(`graceful stop: no new connections, finishing ${inFlight} request(s) in flight`);
    // One loop turn first: connections the kernel completed before the signal are accepted in
    // this poll phase. Then net's close, not http's: http's close() also destroys every
    // connection with no request in progress, including one just accepted whose request is
    // not parsed yet, and that client would see a reset. Each connection here ends after its
    // next response (Connection: close), and 'close' fires once the last one has.
    setImmediate(() =>
      net.Server.prototype.close.call(server, () => {
        log('graceful stop: all connections closed, exiting');
        process.exit(0);
      }),
    );
  }

  return { server, inFlight: () => inFlight, stopFast, stopGraceful };
}
