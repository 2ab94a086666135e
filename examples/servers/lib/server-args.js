/**
 * Command-line options shared by the bundled example servers.
 *
 * Kept tiny and dependency-free so each server stays runnable on its own:
 * `node examples/servers/nginx-like.js --port 0`.
 */

/**
 * @typedef {object} ServerArgs
 * @property {string} host      Address to bind; loopback by default so demo traffic never leaves the machine.
 * @property {number} port      0 asks the kernel for an ephemeral port, so parallel runs never collide.
 * @property {number} minDelayMs Shortest simulated response time.
 * @property {number} maxDelayMs Longest simulated response time.
 */

/**
 * @param {string[]} argv arguments after the script name
 * @returns {ServerArgs}
 */
export function parseServerArgs(argv) {
  /** @type {ServerArgs} */
  const args = { host: '127.0.0.1', port: 0, minDelayMs: 300, maxDelayMs: 800 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--host': args.host = value(); break;
      case '--port': args.port = toInt(flag, value()); break;
      case '--min-delay': args.minDelayMs = toInt(flag, value()); break;
      case '--max-delay': args.maxDelayMs = toInt(flag, value()); break;
      case '-h': case '--help':
        process.stdout.write('options: --port N (0 = ephemeral) --host ADDR --min-delay MS --max-delay MS\n');
        process.exit(0);
        break;
      default:
        process.stderr.write(`unknown option ${argv[i]}\n`);
        process.exit(2);
    }
  }
  if (args.maxDelayMs < args.minDelayMs) args.maxDelayMs = args.minDelayMs;
  return args;
}

/**
 * @param {string} flag
 * @param {string | undefined} text
 * @returns {number}
 */
function toInt(flag, text) {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 0) {
    process.stderr.write(`${flag}: expected a non-negative integer, got ${text}\n`);
    process.exit(2);
  }
  return n;
}
