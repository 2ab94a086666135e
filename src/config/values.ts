// Value parsers shared by rows of the option table: each applies a value or says why it is bad.
import type { Draft } from './config.js';
import { parseDuration } from './duration.js';
import { NOT_FORWARDED, parseSignal, type SignalName } from '../signals/names.js';

/** An option whose value `parse` turns into a T (or a reason it cannot); `set` stores it. */
export function parsed<T>(parse: (text: string) => T | string, set: (draft: Draft, value: T) => void) {
  return (draft: Draft, text: string): string | undefined => {
    const value = parse(text);
    if (typeof value === 'string') return value;
    set(draft, value);
    return undefined;
  };
}

/** A duration option: `set` receives milliseconds. */
export const duration = (set: (draft: Draft, ms: number) => void) => parsed(parseDuration, set);

/** A shell command or a path: anything but blank. */
export function nonBlank(what: string, set: (draft: Draft, value: string) => void) {
  return (draft: Draft, text: string): string | undefined => (text.trim() ? void set(draft, text) : `expected ${what}`);
}

/** `S:R` of --rewrite: numbers or names; R may be 0 (drop). */
export function rewritePair(draft: Draft, value: string): string | undefined {
  const parts = value.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return 'expected SIGNAL:SIGNAL, like TERM:QUIT or 15:3 (0 drops)';
  const from = parseSignal(parts[0]);
  if ('reason' in from) return `"${parts[0]}": ${from.reason}`;
  const never = NOT_FORWARDED[from.signal];
  if (never) return `${from.signal} is never forwarded (${never}), so it cannot be rewritten`;
  const to = parts[1].trim() === '0' ? { signal: null } : parseSignal(parts[1]);
  if ('reason' in to) return `"${parts[1]}": ${to.reason} (or 0 to drop)`;
  draft.rewrite.set(from.signal, to.signal);
  return undefined;
}

/** An option whose value is a signal the init can receive (not KILL or STOP); `set` stores its name. */
export function catchableSignal(set: (draft: Draft, signal: SignalName) => void) {
  return (draft: Draft, text: string): string | undefined => {
    const parsed = parseSignal(text);
    if ('reason' in parsed) return parsed.reason;
    if (parsed.signal === 'SIGKILL' || parsed.signal === 'SIGSTOP') return 'SIGKILL and SIGSTOP cannot be caught';
    set(draft, parsed.signal);
    return undefined;
  };
}

/** An option whose value is a signal the init listens for (a forwarded one): a stop signal. */
export function listenedSignal(set: (draft: Draft, signal: SignalName) => void) {
  return (draft: Draft, text: string): string | undefined => {
    const parsed = parseSignal(text);
    if ('reason' in parsed) return parsed.reason;
    const never = NOT_FORWARDED[parsed.signal];
    if (never) return `${parsed.signal} is never listened for (${never}), so it cannot start the stop sequence`;
    set(draft, parsed.signal);
    return undefined;
  };
}

