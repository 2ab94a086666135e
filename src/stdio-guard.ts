// The init's own stdout and stderr are plain synchronous writers. Node's lazy process.stderr
// would be a net.Socket or pipe handle that switches the descriptor to O_NONBLOCK, and a socket
// (systemd's journal, a Node parent's stdio) cannot be reopened for the child, so the child would
// share that flag and get EAGAIN. Merely loading `assert` (pino's sonic-boom does) touches
// process.stderr to pick colours. This module must be imported before anything else.
import { writeSync } from 'node:fs';
import { ownRequire } from './sys/own-require.js';
import type { Writable } from 'node:stream';

/** Waits a millisecond without yielding: the writer is synchronous by design. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `data` to `fd`, riding out EAGAIN if someone else made it non-blocking. */
function writeAll(fd: number, data: Buffer): void {
  for (let offset = 0, tries = 0; offset < data.length; ) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++tries > 5000) throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** Built on first use: node:stream costs ~1.5 ms to load, and usually nothing writes here. */
function syncWriter(fd: number): Writable {
  const { Writable } = ownRequire('node:stream') as typeof import('node:stream');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        writeAll(fd, chunk);
      } catch {
        // A closed or broken stderr must not take the init down.
      }
      done();
    },
  });
  return Object.assign(stream, { fd, isTTY: false });
}

for (const [name, fd] of [['stdout', 1], ['stderr', 2]] as const) {
  let writer: Writable | undefined;
  Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => (writer ??= syncWriter(fd)) });
}
