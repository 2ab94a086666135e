// The process boundary: the only place that reads process.argv/env and calls process.exit.
import './stdio-guard.js'; // first: nothing may touch the real process.stderr
import { exitWith, reportFatal } from './crash.js';
import { main } from './main.js';

function crash(error: unknown): void {
  reportFatal(error);
  process.exit(1);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// The child and its logs are settled when main returns: end without Node's (or koffi's) teardown.
main(process.argv.slice(2), process.env).then((code) => exitWith(code, (c) => process.exit(c)), crash);
