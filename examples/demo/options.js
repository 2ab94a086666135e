/**
 * The demo's command line. Options the demo knows are its own; every other
 * option is a graceful-init flag and passes through untouched, so a user can
 * try any init configuration: `npm run demo -- --drain 5s --rewrite TERM:USR1`.
 */
import { parseDuration } from './duration.js';
import { SERVERS } from './servers.js';
import { OPTIONS } from '../../dist/config/options.js';

/**
 * graceful-init flags that take a value, from its own option table (built by `npm run build`,
 * which `npm run demo` runs first). Needed only to know that the word after them is a value and
 * not a demo option; every init flag passes through as it is.
 */
const INIT_FLAGS_WITH_VALUE = new Set(
  OPTIONS.filter((o) => o.kind === 'value').flatMap((o) => [`--${o.long}`, ...(o.short ? [`-${o.short}`] : [])]),
);

/**
 * @typedef {object} DemoOptions
 * @property {string} server         a key of SERVERS
 * @property {number} afterMs        the load balancer keeps sending this long after the stop signal
 * @property {number} warmupMs       load before the stop signal
 * @property {number} rate           new requests per second
 * @property {number} maxRequests    bound on requests per setup
 * @property {number | null} killAfterMs  harness SIGKILLs a setup this long after the stop signal (null: automatic)
 * @property {string} init           'graceful-init', 'dumb-init', or a path to an init binary
 * @property {string[]} initFlags    pass-through graceful-init flags (custom experiment when non-empty)
 * @property {string | null} out     HTML report path, or null for none
 * @property {boolean} json          print raw results as JSON on stdout
 * @property {boolean} sequential    run setups one after another instead of side by side
 * @property {boolean} pidNamespace  run each setup as PID 1 of its own PID namespace when possible
 * @property {boolean} help
 */

/**
 * @param {string[]} argv
 * @returns {DemoOptions}
 * @throws {Error} with a one-line message naming the option and value
 */
export function parseOptions(argv) {
  /** @type {DemoOptions} */
  const o = {
    server: 'nginx-like', afterMs: 1000, warmupMs: 1500, rate: 20, maxRequests: 500,
    killAfterMs: null, init: 'graceful-init', initFlags: [], out: 'demo-report.html',
    json: false, sequential: false, pidNamespace: true, help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      // Everything after a bare `--` is for the init.
      o.initFlags.push(...argv.slice(i + 1));
      break;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const value = () => {
      if (eq > 0) return word.slice(eq + 1);
      if (i + 1 >= argv.length) throw new Error(`${flag}: needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--server': {
        const name = value();
        if (!SERVERS[name]) throw new Error(`--server: unknown server "${name}" (known: ${Object.keys(SERVERS).join(', ')})`);
        o.server = name;
        break;
      }
      case '--after': o.afterMs = duration(flag, value()); break;
      case '--warmup': o.warmupMs = duration(flag, value()); break;
      case '--kill-after': o.killAfterMs = duration(flag, value()); break;
      case '--rate': o.rate = positive(flag, value()); break;
      case '--max-requests': o.maxRequests = positive(flag, value()); break;
      case '--init': o.init = value(); break;
      case '--out': o.out = value(); break;
      case '--no-report': o.out = null; break;
      case '--json': o.json = true; break;
      case '--sequential': o.sequential = true; break;
      case '--no-pid-namespace': o.pidNamespace = false; break;
      case '-h': case '--help': o.help = true; break;
      default:
        if (!word.startsWith('-')) throw new Error(`unexpected argument "${word}" (graceful-init flags start with -)`);
        o.initFlags.push(word);
        if (eq < 0 && INIT_FLAGS_WITH_VALUE.has(flag) && i + 1 < argv.length) o.initFlags.push(argv[++i]);
    }
  }
  return o;
}

/**
 * @param {string} flag
 * @param {string} text
 */
function duration(flag, text) {
  try {
    return parseDuration(text);
  } catch (err) {
    throw new Error(`${flag}: ${/** @type {Error} */ (err).message}`);
  }
}

/**
 * @param {string} flag
 * @param {string} text
 */
function positive(flag, text) {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${flag}: expected a positive number, got "${text}"`);
  return n;
}

export const USAGE = `Usage: npm run demo -- [demo options] [graceful-init flags]

Stops a bundled HTTP server under load in several setups side by side, and
shows which requests each setup loses.

Demo options:
  --server NAME      ${Object.entries(SERVERS).map(([n, s]) => `${n}: ${s.about}`).join('\n                     ')}
                     (default nginx-like)
  --after D          the load balancer keeps sending D after the stop signal (default 1s)
  --warmup D         load before the stop signal (default 1.5s)
  --rate N           new requests per second (default 20)
  --max-requests N   at most N requests per setup (default 500)
  --kill-after D     SIGKILL a setup not gone D after the stop signal (default: drain + grace + 3s, at least 5s)
  --init WHICH       graceful-init (default), dumb-init, or a path to an init binary
  --out PATH         HTML report (default ./demo-report.html); --no-report for none
  --json             print the raw results as JSON on stdout (table and progress go to stderr)
  --sequential       run setups one at a time instead of side by side
  --no-pid-namespace never run as PID 1 (plain processes)

Any other option is a graceful-init flag (e.g. --drain 5s --rewrite TERM:USR1 --grace 10s).
With none, four setups run: the server alone, graceful-init forwarding TERM,
with TERM rewritten to the server's graceful stop signal, and that plus --drain 2s.
With some, three run: the server alone, graceful-init forwarding TERM, and
graceful-init with your flags.
`;
