// --help and --version, rendered from the option table so they cannot drift from the parser.
import { readFileSync } from 'node:fs';
import { DEFAULT_HOOK_TIMEOUT_MS } from './config.js';
import { envName, OPTIONS, type Option } from './options.js';

/** Our package.json, found upwards from this file: dist/config/ under tsc, dist/ in the bundle. */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'graceful-init' && pkg.version) return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

export function version(): string {
  return `graceful-init ${packageVersion()} (node ${process.versions.node})`;
}

/** `-r, --rewrite S:R` */
export function flagLabel(option: Option): string {
  const long = option.negatable ? `--[no-]${option.long}` : `--${option.long}`;
  const flags = option.short ? `-${option.short}, ${long}` : `    ${long}`;
  return option.value ? `${flags} ${option.value}` : flags;
}

const TIMELINE = `Stop sequence (on a stop signal, default TERM):
  t0       stop signal: --ready-file removed, --pre-stop hooks start (in order, sh -c)
  t0+drain stop action once the drain has passed and the hooks are done:
           the (rewritten) stop signal is forwarded, or --stop-command runs
  +grace   SIGKILL if the child is still alive (exit 137)
  child exits: its group gets the rewritten TERM and the rest of the grace (3s without --grace),
           then SIGKILL; the init exits with the child's status
  --drain-until-idle or --drain-until-file end the drain early, whichever comes first.
  A second stop signal cuts the drain short. Other signals are forwarded at once throughout.
  A stop signal rewritten to 0 is dropped and starts nothing.`;

/** Wraps `text` to `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, indent: number, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

export function help(): string {
  const groups = new Map<string, Option[]>();
  for (const option of OPTIONS) groups.set(option.group, [...(groups.get(option.group) ?? []), option]);
  const width = Math.max(...OPTIONS.map((o) => flagLabel(o).length)) + 2;
  const sections = [...groups].map(([group, options]) => {
    const lines = options.map((o) => {
      const env = o.env === false ? '' : ` [${envName(o)}]`;
      return `  ${flagLabel(o).padEnd(width)}${wrap(`${o.help}${env}`, width + 2)}`;
    });
    return `${group}:\n${lines.join('\n')}`;
  });
  return `Usage: graceful-init [options] [--] COMMAND [ARGS...]

A container init (PID 1): runs COMMAND, forwards and rewrites signals, reaps zombies,
runs a graceful stop sequence, and exits with COMMAND's status.

${sections.join('\n\n')}

Durations: 500ms, 5s, 2m, 1m30s or 0 (a bare number is refused). Hook timeout default:
${DEFAULT_HOOK_TIMEOUT_MS / 1000}s. Repeatable options take comma-separated env values
(--pre-stop: one command per line). Precedence: flag > env > default. Also read:
DUMB_INIT_SETSID=0, DUMB_INIT_DEBUG=1, TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY.

${TIMELINE}

Exit codes: the child's code (0 if remapped by -e); 128+N if it was killed by signal N;
137 after --grace ran out; 2 bad usage; 126 not executable; 127 not found; 1 internal error.
`;
}

/** The README's options table, from the same rows as --help (test/readme.ts keeps them equal). */
export function optionsMarkdown(): string {
  const rows = OPTIONS.map((o) => {
    const env = o.env === false ? '' : `\`${envName(o)}\``;
    return `| \`${flagLabel(o).trim()}\` | ${env} | ${o.help.replaceAll('|', '\\|')} |`;
  });
  return ['| option | environment | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
