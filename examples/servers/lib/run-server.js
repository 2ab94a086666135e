/**
 * Starts one bundled example server: parse options, listen, print the
 * readiness handshake, and wire signals to the fast or graceful stop.
 */
import { parseServerArgs } from './server-args.js';
import { createSlowServer } from './slow-http-server.js';

/**
 * @param {object} spec
 * @param {string} spec.name
 * @param {Partial<Record<NodeJS.Signals, 'fast' | 'graceful'>>} spec.signals
 *   What each signal does. Signals not listed keep their default action — and a
 *   process that is PID 1 of a PID namespace has them silently dropped by the kernel.
 */
export function runServer({ name, signals }) {
  const args = parseServerArgs(process.argv.slice(2));
  const slow = createSlowServer({ name, minDelayMs: args.minDelayMs, maxDelayMs: args.maxDelayMs });

  for (const [signal, action] of Object.entries(signals)) {
    process.on(/** @type {NodeJS.Signals} */ (signal), () => {
      process.stderr.write(`${name}[${process.pid}]: got ${signal}\n`);
      if (action === 'fast') slow.stopFast();
      else slow.stopGraceful();
    });
  }

  slow.server.listen(args.port, args.host, () => {
    const address = /** @type {import('node:net').AddressInfo} */ (slow.server.address());
    // The readiness handshake: harnesses wait for this exact line on stdout
    // (with the real port when --port 0 was asked), never for a fixed sleep.
    process.stdout.write(`listening ${address.address}:${address.port}\n`);
  });
}
