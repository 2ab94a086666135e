// Signal names and numbers, and which signals graceful-init forwards (with the reason for each
// one it does not). Inside the program signals are names ('SIGTERM'); numbers only on input.

export type SignalName = NodeJS.Signals;

/**
 * Linux's signals 1-31, the same numbers on x86_64 and arm64 (and on every architecture Node
 * ships for), in the order of os.constants.signals, which test/signals/names.ts compares them
 * with. A table, not node:os: loading node:os costs ~0.5 ms of every container start.
 */
export const LINUX_SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
  SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
  SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21,
  SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
};

const byNumber = new Map<number, SignalName>();
const byName = new Map<string, number>();
const aliases: SignalName[] = [];
for (const [name, number] of Object.entries(LINUX_SIGNALS)) {
  // The table has aliases (SIGIOT = SIGABRT, SIGPOLL = SIGIO): the first name wins, so every
  // number maps to one canonical name and is never handled twice.
  if (!byNumber.has(number)) byNumber.set(number, name as SignalName);
  else aliases.push(name as SignalName);
  byName.set(name, number);
}

/**
 * Signals graceful-init does not forward, and why. Every other signal 1-31 is forwarded
 * (ABRT, TRAP and SYS included, as dumb-init does: people send ABRT for dumps): the kernel
 * drops any signal sent to a PID namespace's init that has no handler for it.
 */
export const NOT_FORWARDED: Readonly<Record<string, string>> = {
  SIGKILL: 'cannot be caught',
  SIGSTOP: 'cannot be caught',
  SIGCHLD: 'tells the init to reap; the child gets its own from the kernel',
  SIGSEGV: 'synchronous fault: a listener turns a real crash into a 100% CPU loop, so one sent with kill is ignored',
  SIGBUS: 'synchronous fault: a listener turns a real crash into a 100% CPU loop, so one sent with kill is ignored',
  SIGFPE: 'synchronous fault: a listener turns a real crash into a 100% CPU loop, so one sent with kill is ignored',
  SIGILL: 'synchronous fault: a listener turns a real crash into a 100% CPU loop, so one sent with kill is ignored',
  SIGPIPE: "self-inflicted by the init's own broken stderr: forwarding it killed the child",
  SIGXFSZ: "self-inflicted by the init's own log writes over RLIMIT_FSIZE",
  SIGPROF: 'profiling timer internal to the runtime',
  SIGURG: 'out-of-band socket data notice, meaningful only to the socket owner',
};

/**
 * Signals set to SIG_IGN in libc, so one sent with kill neither kills the init (its default
 * action, or Node's own re-raising SEGV handler) nor orphans the child. The faults stay fatal
 * when real: the kernel resets an ignored fault signal to its default before delivering it.
 * The child still starts with every default (posix_spawn's SETSIGDEF).
 */
export const IGNORED: readonly SignalName[] = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGPIPE', 'SIGXFSZ', 'SIGPROF', 'SIGURG'];

/** Real-time signals: Node cannot listen for them, so the init ignores them in libc (not 32/33: glibc's). */
export const REALTIME_FIRST = 34;
export const REALTIME_LAST = 64;

/** Every catchable signal 1-31 that is forwarded to the child, by number. */
export const FORWARDED: readonly SignalName[] = [...byNumber.entries()]
  .filter(([number, name]) => number >= 1 && number <= 31 && !(name in NOT_FORWARDED))
  .sort(([a], [b]) => a - b)
  .map(([, name]) => name);

export function signalNumber(name: SignalName): number {
  return byName.get(name) ?? 0;
}

/** The canonical name of a signal number 1-31, or undefined. */
export function signalName(number: number): SignalName | undefined {
  return byNumber.get(number);
}

/** A parsed signal, or why the text is none. */
export type Parsed = { signal: SignalName } | { reason: string };

/**
 * Parses `TERM`, `SIGTERM`, `term` or `15` into the signal's canonical name, or a reason: input
 * is the one place signals are numbers. Real-time signals (34-64) are out: Node cannot catch
 * them, and 32/33 belong to glibc.
 */
export function parseSignal(text: string): Parsed {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const name = Number(trimmed) <= 31 ? byNumber.get(Number(trimmed)) : undefined;
    return name ? { signal: name } : { reason: 'expected a signal number 1-31' };
  }
  const upper = trimmed.toUpperCase();
  const number = byName.get(upper.startsWith('SIG') ? upper : `SIG${upper}`);
  const name = number !== undefined && number <= 31 ? byNumber.get(number) : undefined;
  return name ? { signal: name } : { reason: 'expected a signal name like TERM or QUIT, or a number 1-31' };
}

/**
 * Other names of forwarded signals (SIGPOLL for SIGIO). Node emits every name of a signal; a
 * name nobody listens to makes signal-exit believe the signal is fatal, and it kills the child.
 */
export const FORWARDED_ALIASES: readonly SignalName[] = aliases.filter((name) =>
  FORWARDED.includes(byNumber.get(byName.get(name) as number) as SignalName),
);
