// Structured logs on stderr: pino JSON lines (or a human line for terminals), written
// synchronously so the init's last line survives its exit. pino loads on the first line that is
// actually written, so a quiet init (default level warn) never pays for it on the start path.
import { writeSync } from 'node:fs';
import { ownRequire } from './sys/own-require.js';
import type { LogFormat, LogLevel } from './config/config.js';

const LEVEL_VALUES: Readonly<Record<LogLevel, number>> = {
  trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity,
};
const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

type Fields = Record<string, unknown>;
type Write = (fields: Fields, msg: string) => void;

export interface Log {
  trace: Write;
  debug: Write;
  info: Write;
  warn: Write;
  error: Write;
  fatal: Write;
}

/** `12:00:01.234 INFO  forward signal=SIGQUIT target=group` */
function toHumanLine(json: string): string {
  const { level, time, msg, name: _name, ...rest } = JSON.parse(json) as Fields & { level: number; time: number; msg: string };
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const clock = new Date(time).toISOString().slice(11, 23);
  return `${clock} ${(LEVEL_NAMES[level] ?? level).toString().padEnd(5)} graceful-init: ${msg}${fields.length ? ` ${fields.join(' ')}` : ''}\n`;
}

function createPino(level: LogLevel, format: LogFormat) {
  const pino = ownRequire('pino') as typeof import('pino');
  const destination = pino.destination({ dest: 2, sync: true });
  const { isatty } = ownRequire('node:tty') as typeof import('node:tty'); // off the start path
  const human = format === 'human' || (format === 'auto' && isatty(2));
  const stream = human ? { write: (line: string) => destination.write(toHumanLine(line)) } : destination;
  return pino.pino({ level, base: { name: 'graceful-init' } }, stream);
}

export function createLog(level: LogLevel, format: LogFormat): Log {
  const threshold = LEVEL_VALUES[level];
  let logger: ReturnType<typeof createPino> | undefined;
  const at = (name: Exclude<LogLevel, 'silent'>): Write => {
    if (LEVEL_VALUES[name] < threshold) return () => {};
    return (fields, msg) => {
      try {
        logger ??= createPino(level, format);
        logger[name](fields, msg);
      } catch {
        // An init must not die of its own logging (stderr closed, disk full): drop the line.
      }
    };
  };
  return {
    trace: at('trace'), debug: at('debug'), info: at('info'),
    warn: at('warn'), error: at('error'), fatal: at('fatal'),
  };
}

/** A usage error is one plain line, before any logger exists. */
export function printLine(text: string): void {
  try {
    writeSync(2, `graceful-init: ${text}\n`);
  } catch {
    // stderr is gone: nothing else to tell.
  }
}
