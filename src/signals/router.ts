// The only place that listens for signals: one handler for every forwardable signal (as PID 1
// the kernel drops what has no handler), SIGCHLD to the reaper, and SIG_IGN in libc for the
// signals that are never forwarded (faults, PIPE, XFSZ, PROF, URG) and the real-time ones (Node
// cannot catch them, and their default action would kill a non-PID-1 init).
// Installing a SIGUSR1 listener also keeps Node's inspector from opening on 127.0.0.1:9229.
import type { Log } from '../log.js';
import type { Libc } from '../sys/libc.js';
import { FORWARDED, FORWARDED_ALIASES, IGNORED, REALTIME_FIRST, REALTIME_LAST, signalNumber, type SignalName } from './names.js';

export interface RouterHandlers {
  /** A forwardable signal arrived (after any one-shot swallowing). */
  onSignal(signal: SignalName): void;
  /** SIGCHLD: something exited. */
  onChildExit(): void;
}

export interface SignalRouter {
  /** Drops the next `signal` unforwarded: the kernel sends HUP and CONT when we give up the tty. */
  swallowOnce(signal: SignalName): void;
  /** Removes exactly the listeners this router added. */
  dispose(): void;
}

export function startSignalRouter(handlers: RouterHandlers, libc: Pick<Libc, 'ignoreSignal'>, log: Log): SignalRouter {
  const swallow = new Set<SignalName>();
  const listeners: Array<[SignalName, () => void]> = [];
  const listen = (signal: SignalName, listener: () => void) => {
    process.on(signal, listener);
    listeners.push([signal, listener]);
  };

  for (const signal of FORWARDED) {
    listen(signal, () => {
      log.info({ signal }, 'received');
      if (swallow.delete(signal)) {
        log.debug({ signal, reason: 'sent by the kernel when the init gave the terminal to the child' }, 'swallowed');
        return;
      }
      handlers.onSignal(signal);
    });
  }
  listen('SIGCHLD', handlers.onChildExit);
  for (const signal of IGNORED) libc.ignoreSignal(signalNumber(signal));
  // signal-exit listens for XFSZ and, when its own listener is the only one, takes it for the
  // init's death and kills the child: a listener of ours keeps it a no-op.
  listen('SIGXFSZ', () => log.debug({ signal: 'SIGXFSZ' }, 'ignored'));
  for (const alias of FORWARDED_ALIASES) listen(alias, () => {}); // handled under its canonical name
  for (let signo = REALTIME_FIRST; signo <= REALTIME_LAST; signo++) libc.ignoreSignal(signo);

  return {
    swallowOnce: (signal) => void swallow.add(signal),
    dispose: () => listeners.splice(0).forEach(([signal, listener]) => process.off(signal, listener)),
  };
}
