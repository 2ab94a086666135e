// `docker run -it IMAGE bash`: the init is the session leader holding the terminal. It gives the
// terminal up (TIOCNOTTY) so the child, leading a new session, can make it its controlling
// terminal and have job control, as under dumb-init.
import type { Log } from '../log.js';
import type { SignalRouter } from '../signals/router.js';
import type { Libc } from '../sys/libc.js';

export function giveUpTerminal(libc: Libc, router: SignalRouter, log: Log): void {
  if (!libc.isatty(0)) return;
  const leader = libc.getsid() === process.pid;
  if (libc.detachTerminal(0) !== 0) {
    log.debug({ errno: libc.errno() }, 'terminal: not ours to give up');
    return;
  }
  // A session leader giving up its terminal makes the kernel send SIGHUP and SIGCONT to the
  // foreground group, which is ours: they are not for the child.
  if (leader) {
    router.swallowOnce('SIGHUP');
    router.swallowOnce('SIGCONT');
  }
  log.debug({ leader }, 'terminal: given up for the child');
}
