// The portable bundle: the environment and the process name fixed first (module order is
// evaluation order in the bundle), then the CLI exactly as the npm package runs it.
import './entry.js';
import '../cli.js';
