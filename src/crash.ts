// The way out when something escapes main: log it (through the log once it exists) and end the
// process without atexit handlers once libc is loaded. signal-exit then kills the child.
import type { Log } from './log.js';
import { printLine } from './log.js';
import type { Libc } from './sys/libc.js';

let currentLog: Log | undefined;
let currentLibc: Libc | undefined;

/** Records what the crash path may use, as main acquires it. */
export function crashPathUses(parts: { log?: Log; libc?: Libc }): void {
  currentLog = parts.log ?? currentLog;
  currentLibc = parts.libc ?? currentLibc;
}

/** How the CLI ends the process once main has returned: _exit when libc is loaded. */
export function exitWith(code: number, fallback: (code: number) => never): never {
  return currentLibc ? currentLibc.exit(code) : fallback(code);
}

/** Logs an internal error that escaped; the CLI then exits 1 (and signal-exit kills the child). */
export function reportFatal(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (currentLog) currentLog.fatal({ error: text }, 'internal error, killing the child and exiting');
  else printLine(`internal error: ${text}`);
}
