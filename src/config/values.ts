// Value parsers shared by rows of the option table: each applies a value or says why it is bad.
import type { Draft } from './config.js';
import { parseDuration } from './duration.js';
import { parseSignal } from '../signals/names.js';

/** A duration option: `set` receives milliseconds. */
export function duration(set: (draft: Draft, ms: number) => void) {
  return (draft: Draft, value: string): string | undefined => {
    const ms = parseDuration(value);
    if (typeof ms === 'string') return ms;
    set(draft, ms);
    return undefined;
  };
}

/** `S:R` of --rewrite: numbers or names; R may be 0 (drop). */
export function rewritePair(draft: Draft, value: string): string | undefined {
  const parts = value.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return 'expected SIGNAL:SIGNAL, like TERM:QUIT or 15:3 (0 drops)';
  const from = parseSignal(parts[0]);
  if (typeof from === 'string') return `"${parts[0]}": ${from}`;
  if (from === 9 || from === 19) return `"${parts[0]}" cannot be caught, so it cannot be rewritten`;
  const to = parts[1].trim() === '0' ? 0 : parseSignal(parts[1]);
  if (typeof to === 'string') return `"${parts[1]}": ${to} (or 0 to drop)`;
  draft.rewrite.set(from, to);
  return undefined;
}

/** A signal the init can receive: not KILL or STOP. */
export function catchableSignal(value: string): number | string {
  const signal = parseSignal(value);
  if (typeof signal === 'number' && (signal === 9 || signal === 19)) return 'SIGKILL and SIGSTOP cannot be caught';
  return signal;
}

