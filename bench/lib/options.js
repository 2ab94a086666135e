// The bench's command line, parsed into a frozen Options (pure: no file or process access).

export const SCENARIOS = ['startup', 'memory', 'forwarding', 'reaping', 'stop', 'drain-idle', 'size'];

export const USAGE = `Usage: node bench/run.js [options]
  --runs N          runs of each command in each scenario, alternated A B A B (default 20)
  --quick           smoke check in under a minute: 3 runs, short settles, results to bench/out/
  --node PATH       run graceful-init (and the bare-Node references) under this node binary;
                    repeatable to compare several (bash bench/setup-nodes.sh installs 22 and 24)
  --init-cmd "CMD"  run graceful-init as CMD (split on spaces) instead of NODE bin/graceful-init.js
  --no-graceful     leave graceful-init out (measure dumb-init, tini and node only)
  --portable DIR    also measure the portable build in DIR (dist/portable/graceful-init-linux-x64),
                    against \`node -e 0\` of its own Node binary (DIR/lib/node, added to --node)
  --only LIST       comma list of scenarios: ${SCENARIOS.join(',')}
  --orphans N       orphans in the reaping scenario (default 10000)
  --signals N       signals per init and mode in the forwarding scenario (default 300, at least 200)
  --out DIR         where RESULTS.md, results.svg and results.json go
                    (default bench/, or bench/out/ with --quick)
  -h, --help        this text`;

/**
 * @typedef {object} Options
 * @property {number} runs
 * @property {boolean} quick
 * @property {string[]} nodes        node binaries given with --node (empty: the one running us)
 * @property {string[] | null} initCmd
 * @property {boolean} graceful
 * @property {string | null} portable  a portable build's directory (npm run dist)
 * @property {string[]} only
 * @property {number} orphans
 * @property {number} signals
 * @property {string | null} out
 * @property {boolean} help
 */

/** Thrown for a bad command line; run.js prints the message and exits 2. */
export class UsageError extends Error {}

/**
 * @param {string} flag
 * @param {string | undefined} value
 * @param {number} min
 * @returns {number}
 */
function positiveInt(flag, value, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} "${value ?? ''}": expected a whole number >= ${min}`);
  return n;
}

/**
 * @param {string[]} argv process.argv.slice(2)
 * @returns {Readonly<Options>}
 */
export function parseOptions(argv) {
  /** @type {Options} */
  const o = { runs: 0, quick: false, nodes: [], initCmd: null, graceful: true, portable: null, only: SCENARIOS, orphans: 10000, signals: 300, out: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = /** @type {string} */ (argv[i]);
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag}: expected a value after it`);
      return v;
    };
    switch (flag) {
      case '--runs': o.runs = positiveInt(flag, value(), 1); break;
      case '--quick': o.quick = true; break;
      case '--node': o.nodes.push(value()); break;
      case '--init-cmd': o.initCmd = value().trim().split(/\s+/); break;
      case '--no-graceful': o.graceful = false; break;
      case '--portable': o.portable = value(); break;
      case '--orphans': o.orphans = positiveInt(flag, value(), 1); break;
      case '--signals': o.signals = positiveInt(flag, value(), 200); break;
      case '--out': o.out = value(); break;
      case '-h': case '--help': o.help = true; break;
      case '--only': {
        const v = value();
        o.only = v.split(',').filter(Boolean);
        const bad = o.only.filter((s) => !SCENARIOS.includes(s));
        if (bad.length > 0 || o.only.length === 0) throw new UsageError(`--only "${v}": expected a comma list of ${SCENARIOS.join(', ')}`);
        break;
      }
      default: throw new UsageError(`unknown option "${flag}" (see --help)`);
    }
  }
  if (o.runs === 0) o.runs = o.quick ? 3 : 20;
  return Object.freeze(o);
}
